"""Holds `promote emulator` against SAP's published OpenAPI description of the AI API.

Three parts, each judged by schemathesis's own checks (status code, content type, response schema, response
headers, no server error):

1. A probe of every operation in the spec with real IDs: an operation whose answer is the emulator's router 404
   ("no such resource") is not served.
2. A scripted walk of every call promote and the two SDK lines make (in our own words), including the behaviours
   real pipelines rely on: a repeated resource-group create and an unchanged configuration change.
3. schemathesis's generated cases (examples and fuzzing phases, positive data) for every operation, with the real
   IDs fed into path parameters, bounded in time.

It prints a table of operations (served and conforming / served with deviations, each named / not served) and
exits non-zero unless every operation is served and conforming.

Usage: conformance.py SPEC --promote BINARY [--seconds N] [--report DIR]
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
    response_headers_conformance,
]
CHECK_NAMES = ",".join(check.__name__ for check in CHECKS)
METHODS = ("get", "post", "put", "patch", "delete")

WORKFLOW = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: conformance-training
  annotations:
    scenarios.ai.sap.com/name: "Conformance"
    executables.ai.sap.com/name: "conformance-training"
    artifacts.ai.sap.com/trainingdata.kind: "dataset"
    artifacts.ai.sap.com/conformancemodel.kind: "model"
  labels:
    scenarios.ai.sap.com/id: "conformance-scenario"
    ai.sap.com/version: "1.0"
spec:
  imagePullSecrets:
    - name: conformance-registry
  entrypoint: train
  arguments:
    parameters:
      - name: epochs
        default: "2"
  templates:
    - name: train
      inputs:
        artifacts:
          - name: trainingdata
            path: /app/data/
      outputs:
        artifacts:
          - name: model
            globalName: conformancemodel
            path: /app/model/
      container:
        image: docker.io/promote-tests/train:1.0.0
        command: ["/bin/sh", "-c"]
        args: ["python train.py --epochs {{workflow.parameters.epochs}}"]
"""

SERVING = """\
apiVersion: ai.sap.com/v1alpha1
kind: ServingTemplate
metadata:
  name: conformance-serving
  annotations:
    scenarios.ai.sap.com/name: "Conformance"
    executables.ai.sap.com/name: "conformance-serving"
    artifacts.ai.sap.com/model.kind: "model"
  labels:
    scenarios.ai.sap.com/id: "conformance-scenario"
    ai.sap.com/version: "1.0"
spec:
  inputs:
    parameters:
      - name: greeting
        default: "hello"
        type: "string"
    artifacts:
      - name: model
  template:
    apiVersion: "serving.kserve.io/v1beta1"
    metadata:
      labels: |
        ai.sap.com/resourcePlan: starter
    spec: |
      predictor:
        containers:
        - name: kserve-container
          image: docker.io/promote-tests/serve:1.0.0
          env:
            - name: STORAGE_URI
              value: "{{inputs.artifacts.model}}"
            - name: GREETING
              value: "{{inputs.parameters.greeting}}"
"""


class Emulator:
    """`promote emulator --port 0` on a fresh git repository holding the two templates."""

    def __init__(self, binary: str, workdir: Path):
        self.repository = workdir / "repository"
        self.repository.mkdir()
        environment = dict(os.environ, GIT_AUTHOR_NAME="conformance", GIT_AUTHOR_EMAIL="conformance@promote.invalid",
                           GIT_COMMITTER_NAME="conformance", GIT_COMMITTER_EMAIL="conformance@promote.invalid",
                           GIT_CONFIG_NOSYSTEM="1", HOME=str(workdir))
        git = lambda *arguments: subprocess.run(["git", *arguments], cwd=self.repository, env=environment,
                                                check=True, capture_output=True)
        git("init", "-q", "-b", "main")
        (self.repository / "templates").mkdir()
        (self.repository / "templates" / "training.yaml").write_text(WORKFLOW)
        (self.repository / "templates" / "serving.yaml").write_text(SERVING)
        git("add", "-A")
        git("commit", "-q", "-m", "templates")
        self.process = subprocess.Popen(
            [binary, "emulator", "--port", "0", "--repo", str(self.repository)], stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, start_new_session=True)
        self.settings = {}
        deadline = time.monotonic() + 60
        while "AICORE_BASE_URL" not in self.settings or "AICORE_CLIENT_SECRET" not in self.settings:
            line = self.process.stdout.readline()
            if not line or time.monotonic() > deadline:
                raise SystemExit(f"conformance: the emulator did not start: {self.process.stderr.read()}")
            match = re.match(r"export (\w+)=(.*)", line.strip())
            if match:
                self.settings[match.group(1)] = match.group(2)
        self.base = self.settings["AICORE_BASE_URL"]
        token = requests.post(self.settings["AICORE_AUTH_URL"], data={
            "grant_type": "client_credentials", "client_id": self.settings["AICORE_CLIENT_ID"],
            "client_secret": self.settings["AICORE_CLIENT_SECRET"]}, timeout=30).json()["access_token"]
        self.headers = {"Authorization": f"Bearer {token}", "AI-Resource-Group": "default"}

    def call(self, method: str, path: str, **arguments) -> requests.Response:
        headers = dict(self.headers, **arguments.pop("headers", {}))
        return requests.request(method, self.base + path, headers=headers, timeout=30, **arguments)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def wait(description: str, probe, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.05)
    raise SystemExit(f"conformance: timed out waiting for {description}")


def seed(emulator: Emulator) -> dict:
    """Creates one object of every kind and returns their IDs, by the spec's parameter names."""
    call = emulator.call
    ids = {"resourceGroupId": "conformance-rg", "repositoryName": "conformance-repo",
           "applicationName": "conformance-app", "scenarioId": "conformance-scenario",
           "executableId": "conformance-training", "versionId": "1.0", "secretName": "conformance-secret",
           "objectStoreName": "conformance-store", "dockerRegistryName": "conformance-registry",
           "path": "conformance/data.csv"}

    def created(response: requests.Response) -> str:
        if response.status_code >= 300:
            raise SystemExit(f"conformance: seeding failed: {response.request.method} {response.url} → "
                             f"{response.status_code} {response.text}")
        return response.json().get("id", "")

    created(call("POST", "/admin/resourceGroups", json={"resourceGroupId": ids["resourceGroupId"]}))
    created(call("POST", "/admin/repositories", json={
        "name": ids["repositoryName"], "url": "https://git.example.invalid/conformance", "username": "u",
        "password": "p"}))
    created(call("POST", "/admin/applications", json={
        "applicationName": ids["applicationName"], "repositoryUrl": str(emulator.repository), "revision": "main",
        "path": "templates"}))
    wait("the sync", lambda: call("GET", f"/admin/applications/{ids['applicationName']}/status")
         .json().get("syncStatus") == "Synced")
    dataset = created(call("POST", "/lm/artifacts", json={
        "name": "data", "kind": "dataset", "url": "ai://default/data", "scenarioId": ids["scenarioId"]}))
    model = created(call("POST", "/lm/artifacts", json={
        "name": "model", "kind": "model", "url": "ai://default/model", "scenarioId": ids["scenarioId"]}))
    ids["artifactId"] = dataset
    training = created(call("POST", "/lm/configurations", json={
        "name": "train", "scenarioId": ids["scenarioId"], "executableId": "conformance-training",
        "inputArtifactBindings": [{"key": "trainingdata", "artifactId": dataset}]}))
    serving = created(call("POST", "/lm/configurations", json={
        "name": "serve", "scenarioId": ids["scenarioId"], "executableId": "conformance-serving",
        "inputArtifactBindings": [{"key": "model", "artifactId": model}]}))
    ids["configurationId"] = training
    ids["servingConfigurationId"] = serving
    ids["executionId"] = created(call("POST", "/lm/executions", json={"configurationId": training}))
    ids["deploymentId"] = created(call("POST", "/lm/deployments", json={"configurationId": serving}))
    ids["executionScheduleId"] = created(call("POST", "/lm/executionSchedules", json={
        "name": "nightly", "configurationId": training, "cron": "0 3 * * *"}))
    wait("the execution", lambda: call("GET", f"/lm/executions/{ids['executionId']}").json()["status"] == "COMPLETED")
    wait("the deployment", lambda: call("GET", f"/lm/deployments/{ids['deploymentId']}").json()["status"] == "RUNNING")
    call("PATCH", "/lm/metrics", json={"executionId": ids["executionId"], "metrics": [{"name": "auc", "value": 0.9}]})
    call("POST", "/admin/secrets", json={"name": ids["secretName"], "data": {"token": "c2VjcmV0"}})
    call("POST", "/admin/objectStoreSecrets", json={
        "name": ids["objectStoreName"], "type": "S3", "bucket": "bucket", "endpoint": "s3.example.invalid",
        "region": "eu-central-1", "pathPrefix": "ml", "data": {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}})
    call("POST", "/admin/dockerRegistrySecrets", json={
        "name": ids["dockerRegistryName"],
        "data": {".dockerconfigjson": json.dumps({"auths": {"docker.io": {"username": "u", "password": "p"}}})}})
    call("PUT", f"/lm/dataset/files/{ids['path']}", data=b"a,b\n1,2\n",
         headers={"Content-Type": "application/octet-stream"})
    services = call("GET", "/admin/services")
    names = [item.get("name") for item in (services.json().get("resources", []) if services.ok else [])]
    ids["ServiceName"] = next((name for name in names if name), "ai-core")
    return ids


def walk(emulator: Emulator, ids: dict) -> list:
    """Every call promote and the two SDK lines make, plus one call of every other operation, in the order a
    pipeline makes them. Each entry: (who makes it, METHOD, spec path, request arguments)."""
    i = ids
    promote, sdk, probe = "promote", "SDK", "probe"
    return [
        # promote's deploy core and the SDKs: resource groups (created on every push, the blog's pipeline).
        (promote, "POST", "/admin/resourceGroups", {"json": {"resourceGroupId": i["resourceGroupId"]}}),
        (sdk, "POST", "/admin/resourceGroups", {"json": {"resourceGroupId": i["resourceGroupId"]}}),
        (promote, "GET", "/admin/resourceGroups/{resourceGroupId}", {}),
        (sdk, "GET", "/admin/resourceGroups", {"params": {"$top": 10, "$count": "true"}}),
        (sdk, "PATCH", "/admin/resourceGroups/{resourceGroupId}",
         {"json": {"labels": [{"key": "ext.ai.sap.com/team", "value": "ml"}]}}),
        (sdk, "GET", "/admin/repositories", {}),
        (sdk, "GET", "/admin/repositories/{repositoryName}", {}),
        (sdk, "PATCH", "/admin/repositories/{repositoryName}", {"json": {"username": "u2", "password": "p2"}}),
        (promote, "GET", "/admin/applications/{applicationName}", {}),
        (sdk, "GET", "/admin/applications", {}),
        (promote, "POST", "/admin/applications/{applicationName}/refresh", {}),
        (promote, "GET", "/admin/applications/{applicationName}/status", {}),
        (sdk, "PATCH", "/admin/applications/{applicationName}",
         {"json": {"repositoryUrl": str(emulator.repository), "revision": "main", "path": "templates"}}),
        (promote, "GET", "/lm/scenarios", {}),
        (sdk, "GET", "/lm/scenarios/{scenarioId}", {}),
        (sdk, "GET", "/lm/scenarios/{scenarioId}/versions", {}),
        (promote, "GET", "/lm/scenarios/{scenarioId}/executables", {}),
        (sdk, "GET", "/lm/scenarios/{scenarioId}/executables/{executableId}", {}),
        (sdk, "GET", "/lm/scenarios/{scenarioId}/models", {}),
        (promote, "GET", "/lm/artifacts", {"params": {"scenarioId": i["scenarioId"], "$top": 500, "$skip": 0}}),
        (sdk, "GET", "/lm/artifacts", {"params": {"top": 10, "skip": 0, "$search": "dat"}}),
        (promote, "POST", "/lm/artifacts", {"json": {
            "name": "walk", "kind": "model", "url": "ai://default/walk", "scenarioId": i["scenarioId"],
            "labels": [{"key": "ext.ai.sap.com/stage", "value": "tst"}]}}),
        (promote, "GET", "/lm/artifacts/{artifactId}", {}),
        (sdk, "GET", "/lm/artifacts/$count", {"params": {"kind": "dataset"}}),
        (promote, "GET", "/lm/configurations", {"params": {"scenarioId": i["scenarioId"], "$top": 500}}),
        (promote, "POST", "/lm/configurations", {"json": {
            "name": "walk", "scenarioId": i["scenarioId"], "executableId": "conformance-training",
            "parameterBindings": [{"key": "epochs", "value": "3"}],
            "inputArtifactBindings": [{"key": "trainingdata", "artifactId": i["artifactId"]}]}}),
        (sdk, "GET", "/lm/configurations/{configurationId}", {"params": {"$expand": "scenario"}}),
        (sdk, "GET", "/lm/configurations/$count", {}),
        (promote, "GET", "/lm/executions", {"params": {"configurationId": i["configurationId"], "$top": 500}}),
        (promote, "GET", "/lm/executions/{executionId}", {}),
        (sdk, "GET", "/lm/executions/{executionId}", {"params": {"$select": "status"}}),
        (sdk, "GET", "/lm/executions", {"params": {"status": "COMPLETED", "$select": "status"}}),
        (promote, "GET", "/lm/executions/{executionId}/logs", {"params": {"$top": 5000, "$order": "asc"}}),
        (sdk, "GET", "/lm/executions/$count", {}),
        (promote, "POST", "/lm/executions", {"json": {"configurationId": i["configurationId"]}}),
        (promote, "GET", "/lm/deployments", {"params": {"scenarioId": i["scenarioId"], "$top": 500}}),
        (promote, "GET", "/lm/deployments/{deploymentId}", {}),
        # An unchanged configuration change: what the blog's pipeline sends when a push changes nothing.
        (promote, "PATCH", "/lm/deployments/{deploymentId}", {"json": {"configurationId": i["servingConfigurationId"]}}),
        (promote, "GET", "/lm/deployments/{deploymentId}/logs", {"params": {"$top": 5000, "$order": "asc"}}),
        (sdk, "GET", "/lm/deployments/$count", {}),
        (sdk, "GET", "/lm/executionSchedules", {"params": {"configurationId": i["configurationId"]}}),
        (sdk, "GET", "/lm/executionSchedules/{executionScheduleId}", {}),
        (sdk, "PATCH", "/lm/executionSchedules/{executionScheduleId}", {"json": {"cron": "0 4 * * *"}}),
        (sdk, "GET", "/lm/executionSchedules/$count", {}),
        (sdk, "POST", "/lm/executionSchedules", {"json": {
            "name": "weekly", "configurationId": i["configurationId"], "cron": "0 3 * * 1"}}),
        (sdk, "GET", "/lm/metrics", {"params": {"$filter": f"executionId eq '{i['executionId']}'"}}),
        (sdk, "PATCH", "/lm/metrics", {"json": {"executionId": i["executionId"], "metrics": [
            {"name": "loss", "value": 0.1, "step": 3}]}, "headers": {"Content-Type": "application/merge-patch+json"}}),
        (probe, "GET", "/lm/meta", {}),
        (probe, "GET", "/analytics/kpis", {}),
        (probe, "GET", "/lm/dataset/files/{path}", {}),
        (probe, "PUT", "/lm/dataset/files/{path}", {"data": b"a,b\n3,4\n", "params": {"overwrite": "true"},
                                                    "headers": {"Content-Type": "application/octet-stream"}}),
        (probe, "GET", "/admin/secrets", {}),
        (probe, "GET", "/admin/secrets/{secretName}", {}),
        (probe, "PATCH", "/admin/secrets/{secretName}", {"json": {"data": {"token": "bmV3"}}}),
        (probe, "POST", "/admin/secrets", {"json": {"name": "walk-secret", "data": {"k": "dg=="}}}),
        (probe, "GET", "/admin/objectStoreSecrets", {}),
        (probe, "GET", "/admin/objectStoreSecrets/{objectStoreName}", {}),
        (probe, "PATCH", "/admin/objectStoreSecrets/{objectStoreName}", {"json": {
            "name": i["objectStoreName"], "type": "S3", "bucket": "bucket2",
            "data": {"AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"}}}),
        (probe, "POST", "/admin/objectStoreSecrets", {"json": {
            "name": "walk-store", "type": "S3", "bucket": "b", "data": {"AWS_ACCESS_KEY_ID": "a",
                                                                       "AWS_SECRET_ACCESS_KEY": "b"}}}),
        (probe, "GET", "/admin/dockerRegistrySecrets", {}),
        (probe, "GET", "/admin/dockerRegistrySecrets/{dockerRegistryName}", {}),
        (probe, "PATCH", "/admin/dockerRegistrySecrets/{dockerRegistryName}", {"json": {"data": {
            ".dockerconfigjson": json.dumps({"auths": {"docker.io": {"username": "u", "password": "q"}}})}}}),
        (probe, "POST", "/admin/dockerRegistrySecrets", {"json": {"name": "walk-registry", "data": {
            ".dockerconfigjson": json.dumps({"auths": {"ghcr.io": {"username": "u", "password": "p"}}})}}}),
        (probe, "GET", "/admin/resources/nodes", {}),
        (probe, "PATCH", "/admin/resources/nodes", {"json": {"resourcePlans": [{"name": "starter", "request": 1}]}}),
        (probe, "GET", "/admin/resources/instanceTypes", {}),
        (probe, "GET", "/admin/services", {}),
        (probe, "GET", "/admin/services/{ServiceName}", {}),
        *[(probe, "GET", f"/admin/resourceQuota/{kind}", {}) for kind in (
            "resourceGroups", "executables", "applications", "repositories", "secrets", "dockerRegistrySecrets",
            "deployments")],
        (probe, "GET", "/admin/tenantInfo", {}),
        (probe, "POST", "/admin/repositories", {"json": {"name": "walk-repo", "url": "https://git.example.invalid/walk"}}),
        (probe, "POST", "/admin/applications", {"json": {
            "applicationName": "walk-app", "repositoryUrl": "https://git.example.invalid/walk", "revision": "main",
            "path": "templates"}}),
        # Clean-up, as promote and the SDKs do it: stop, then delete.
        (promote, "PATCH", "/lm/executions/{executionId}", {"json": {"targetStatus": "STOPPED"}}),
        (sdk, "PATCH", "/lm/executions", {"json": {"executions": [
            {"id": i["executionId"], "targetStatus": "DELETED"}]}}),
        (sdk, "PATCH", "/lm/deployments", {"json": {"deployments": [
            {"id": i["deploymentId"], "targetStatus": "STOPPED"}]}}),
        (probe, "DELETE", "/lm/metrics", {"params": {"executionId": i["executionId"]}}),
        (probe, "DELETE", "/lm/dataset/files/{path}", {}),
        (probe, "DELETE", "/admin/secrets/{secretName}", {"path": {"secretName": "walk-secret"}}),
        (probe, "DELETE", "/admin/objectStoreSecrets/{objectStoreName}", {"path": {"objectStoreName": "walk-store"}}),
        (probe, "DELETE", "/admin/dockerRegistrySecrets/{dockerRegistryName}",
         {"path": {"dockerRegistryName": "walk-registry"}}),
        (sdk, "DELETE", "/lm/executionSchedules/{executionScheduleId}", {}),
        (probe, "DELETE", "/admin/applications/{applicationName}", {"path": {"applicationName": "walk-app"}}),
        (probe, "DELETE", "/admin/repositories/{repositoryName}", {"path": {"repositoryName": "walk-repo"}}),
        ("wait", "STOPPED", "/lm/deployments/{deploymentId}", {}),
        (promote, "DELETE", "/lm/deployments/{deploymentId}", {}),
        (promote, "DELETE", "/lm/executions/{executionId}", {}),
        (probe, "DELETE", "/admin/resourceGroups/{resourceGroupId}", {}),
    ]


def run_walk(schema, emulator: Emulator, ids: dict, results: dict):
    for who, method, template, arguments in walk(emulator, ids):
        arguments = dict(arguments)
        values = dict(ids, **arguments.pop("path", {}))
        path = re.sub(r"\{(\w+)\}", lambda match: str(values[match.group(1)]), template)
        if who == "wait":
            wait(template, lambda: emulator.call("GET", path).json().get("status") == method)
            continue
        response = emulator.call(method, path, **arguments)
        entry = results.setdefault((method, template), {"problems": set(), "served": None, "calls": set()})
        entry["calls"].add(f"{who} {response.status_code}")
        router_404 = response.status_code == 404 and "no such resource" in response.text
        entry["served"] = (entry["served"] is not False) and not router_404
        if router_404:
            entry["problems"].add("not served: the emulator has no route for it")
            continue
        operation = schema[template][method]
        case = operation.Case(
            path_parameters={name: values[name] for name in re.findall(r"\{(\w+)\}", template)},
            query=arguments.get("params"), headers=arguments.get("headers"))
        try:
            case.validate_response(response, checks=CHECKS)
        except (FailureGroup, Failure) as failure:
            for problem in getattr(failure, "exceptions", [failure]):
                summary = " ".join(str(getattr(problem, "title", "")).split()) or type(problem).__name__
                detail = " ".join(str(getattr(problem, "message", problem)).split())[:160]
                entry["problems"].add(f"walk ({who}): {summary}: {detail}")


def write_config(directory: Path, emulator: Emulator, ids: dict) -> Path:
    """schemathesis.toml: the token, the resource group and the real IDs, for every operation."""
    lines = ["[headers]", f'Authorization = "{emulator.headers["Authorization"]}"', '"AI-Resource-Group" = "default"',
             "", "[parameters]"]
    for name in ("resourceGroupId", "repositoryName", "applicationName", "scenarioId", "executableId",
                 "configurationId", "executionId", "deploymentId", "artifactId", "executionScheduleId", "secretName",
                 "objectStoreName", "dockerRegistryName", "ServiceName", "path"):
        lines.append(f'"path.{name}" = "{ids[name]}"')
    lines.append('"header.AI-Resource-Group" = "default"')
    config = directory / "schemathesis.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def run_fuzz(spec: str, emulator: Emulator, ids: dict, seconds: int, report: Path, results: dict, schema):
    config = write_config(report, emulator, ids)
    junit = report / "schemathesis-junit.xml"
    command = [
        str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(config), "run", spec,
        "--url", emulator.base, "--mode", "positive", "--phases", "examples,fuzzing", "--checks", CHECK_NAMES,
        "--max-time", str(seconds), "--workers", "2", "--seed", "20261203", "--continue-on-failure",
        "--request-timeout", "30", "--report", "junit", "--report-junit-path", str(junit),
        "--suppress-health-check", "all", "--warnings", "off", "--no-shrink",
    ]
    print(f"conformance: schemathesis for at most {seconds} s", flush=True)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 300,
                               env=dict(os.environ, NO_COLOR="1", SCHEMATHESIS_TELEMETRY="false"))
    (report / "schemathesis-output.txt").write_text(completed.stdout + completed.stderr)
    if not junit.exists():
        raise SystemExit(f"conformance: schemathesis wrote no report:\n{completed.stdout[-3000:]}{completed.stderr}")
    cases = 0
    for testcase in ElementTree.parse(junit).getroot().iter("testcase"):
        cases += 1
        name = testcase.get("name", "")
        match = re.match(r"(GET|POST|PUT|PATCH|DELETE) (\S+)", name)
        if not match:
            continue
        key = (match.group(1), match.group(2))
        entry = results.setdefault(key, {"problems": set(), "served": None, "calls": set()})
        entry["fuzzed"] = True
        for failure in testcase.iter("failure"):
            entry["problems"].update(f"schemathesis: {finding}" for finding in findings(failure.text or ""))
        for error in testcase.iter("error"):
            # schemathesis failing to generate a case is a fault of the tool, not a finding about the emulator.
            entry.setdefault("notes", set()).add(
                "schemathesis could not generate some cases: " + " ".join((error.get("message") or "").split())[:80])
    print(f"conformance: schemathesis reported on {cases} operations (exit {completed.returncode})", flush=True)
    if cases == 0:
        raise SystemExit("conformance: schemathesis tested no operation")


def findings(text: str) -> list:
    """The named checks of one junit failure (`- ST103 Undocumented status code`), each with its first detail
    line (`Received: 404`, or the schema error)."""
    lines = [line.strip() for line in text.splitlines()]
    found = []
    for index, line in enumerate(lines):
        if re.match(r"- ST\d+ ", line):
            detail = next((later for later in lines[index + 1:] if later), "")
            found.append(f"{line[2:]} ({detail[:120]})")
    return found or [" ".join(text.split())[:160]]


def table(schema_document: dict, results: dict) -> bool:
    rows, good = [], True
    for path, item in schema_document["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            key = (method.upper(), path)
            entry = results.get(key, {"problems": {"not probed"}, "served": None, "calls": set()})
            if entry.get("served") is False:
                verdict = "not served"
            elif entry["problems"] or not entry.get("fuzzed"):
                verdict = "served with deviations"
                if not entry.get("fuzzed"):
                    entry["problems"].add("schemathesis did not reach it")
            else:
                verdict = "served and conforming"
            good = good and verdict == "served and conforming"
            notes = [f"note: {note}" for note in sorted(entry.get("notes", set()))]
            rows.append((f"{method.upper()} {path}", ", ".join(sorted(entry.get("calls", []))) or "-", verdict,
                         sorted(entry["problems"]) + notes))
    width = max(len(row[0]) for row in rows)
    calls_width = max(len("walked by (status)"), max(len(row[1]) for row in rows))
    print(f"\n{'operation'.ljust(width)}  {'walked by (status)'.ljust(calls_width)}  verdict")
    for operation, calls, verdict, problems in rows:
        print(f"{operation.ljust(width)}  {calls.ljust(calls_width)}  {verdict}")
        for problem in problems:
            print(" " * (width + calls_width + 4) + "- " + problem)
    counts = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    print("\n" + ", ".join(f"{count} {verdict}" for verdict, count in sorted(counts.items()))
          + f" (of {len(rows)} operations)")
    return good


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("spec")
    parser.add_argument("--promote", required=True)
    parser.add_argument("--seconds", type=int, default=240)
    parser.add_argument("--report", default=None)
    arguments = parser.parse_args()
    spec = str(Path(arguments.spec).resolve())
    schema = schemathesis.openapi.from_path(spec)
    import yaml
    document = yaml.safe_load(Path(spec).read_text())
    workdir = Path(tempfile.mkdtemp(prefix="promote-conformance-"))
    report = Path(arguments.report) if arguments.report else workdir
    report.mkdir(parents=True, exist_ok=True)
    emulator = Emulator(arguments.promote, workdir)
    results = {}
    try:
        ids = seed(emulator)
        run_walk(schema, emulator, ids, results)
        fuzz_ids = seed_again(emulator, ids)
        run_fuzz(spec, emulator, fuzz_ids, arguments.seconds, report, results, schema)
    finally:
        emulator.stop()
    good = table(document, results)
    print(f"conformance: reports in {report}")
    if not arguments.report:
        shutil.rmtree(workdir, ignore_errors=True)
    print("conformance: " + ("every operation is served and conforms" if good else "FAILED"))
    sys.exit(0 if good else 1)


def seed_again(emulator: Emulator, ids: dict) -> dict:
    """The walk deleted some objects on purpose; schemathesis gets fresh ones where they are gone."""
    fresh = dict(ids)
    call = emulator.call
    call("POST", "/admin/resourceGroups", json={"resourceGroupId": ids["resourceGroupId"]})
    fresh["executionId"] = call("POST", "/lm/executions", json={"configurationId": ids["configurationId"]}).json()["id"]
    fresh["deploymentId"] = call("POST", "/lm/deployments",
                                 json={"configurationId": ids["servingConfigurationId"]}).json()["id"]
    fresh["executionScheduleId"] = call("POST", "/lm/executionSchedules", json={
        "name": "again", "configurationId": ids["configurationId"], "cron": "0 3 * * *"}).json()["id"]
    call("PATCH", "/lm/metrics", json={"executionId": fresh["executionId"], "metrics": [{"name": "auc", "value": 1}]})
    call("PUT", f"/lm/dataset/files/{ids['path']}", data=b"a\n", params={"overwrite": "true"},
         headers={"Content-Type": "application/octet-stream"})
    return fresh


if __name__ == "__main__":
    main()
