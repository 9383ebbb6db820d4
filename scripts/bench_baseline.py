#!/usr/bin/env python3
"""The benchmark's baseline: a deploy the way hand-written AI Core deploy scripts do it today.

Deploys a cicd/config.json (DESIGN.md §3's format) with SAP's official Python SDK (`AICoreV2Client`, from
`sap-ai-sdk-core` / `ai-core-sdk`), deliberately in the style of those scripts, not tuned:
  - refresh the git-sync application, then poll its status with a fixed sleep until it says Synced;
  - clean_up: list every execution and deployment of the resource group, stop and delete them (polling with a
    fixed sleep until a stopped deployment can be deleted);
  - artifacts: for each one, list ALL artifacts again, reuse an identical one or create it;
  - configurations: for each one, list ALL configurations again, reuse an identical one or create it;
  - create the executions and then the deployments, one by one;
  - follow them one after another: for each object in turn, poll its status with a fixed sleep and fetch its logs
    on every poll, until it reaches its wait_for_status (or DEAD).
    With --sequential, each run is created only after the previous one reached its status (as the public
    "CI/CD with SAP AI Core" sample script does).

Used by scripts/bench_deploy.py; it can also run on its own against any emulator or tenant:
  AICORE_*=... python scripts/bench_baseline.py --config cicd/config.json --application bench-app \
      --resource-group bench-dev [--poll 2] [--sequential]
Prints one JSON object on stdout (timings per phase, objects, outcome); progress goes to stderr.
Exit 0 when every waited object reached its status, 3 when one did not, 1 on errors.
"""

import argparse
import json
import os
import sys
import time

from ai_api_client_sdk.models.artifact import Artifact
from ai_api_client_sdk.models.input_artifact_binding import InputArtifactBinding
from ai_api_client_sdk.models.parameter_binding import ParameterBinding
from ai_core_sdk.ai_core_v2_client import AICoreV2Client


def log(message):
    print(message, file=sys.stderr, flush=True)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True, help="the deploy config (cicd/config.json)")
    parser.add_argument("--application", required=True, help="the git-sync application to refresh")
    parser.add_argument("--resource-group", required=True)
    parser.add_argument("--poll", type=float, default=2.0, help="the fixed sleep between status checks (s)")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after this many seconds")
    parser.add_argument("--sequential", action="store_true",
                        help="wait for each run before starting the next (default: start all, then follow each)")
    return parser.parse_args()


def main():
    args = parse_args()
    started = time.monotonic()
    deadline = started + args.timeout
    phases = {}
    mark = started

    def phase(name):
        nonlocal mark
        now = time.monotonic()
        phases[name] = round(now - mark, 3)
        mark = now

    with open(args.config) as file:
        config = json.load(file)

    client = AICoreV2Client(
        base_url=os.environ["AICORE_BASE_URL"], auth_url=os.environ["AICORE_AUTH_URL"],
        client_id=os.environ["AICORE_CLIENT_ID"], client_secret=os.environ["AICORE_CLIENT_SECRET"],
        resource_group=args.resource_group)

    # 1. git sync: refresh, then poll with a fixed sleep until Synced.
    client.applications.refresh(args.application)
    while True:
        status = client.applications.get_status(args.application)
        if status.sync_status == "Synced":
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"baseline: application {args.application} not synced in time")
        log(f"application {args.application}: {status.sync_status} / {status.health_status}")
        time.sleep(args.poll)
    log(f"application {args.application} synced")
    phase("sync")

    # 2. clean_up: the whole resource group, as the old scripts did.
    if config.get("clean_up"):
        for execution in client.execution.query().resources:
            if execution.status.value in ("RUNNING", "PENDING"):
                client.execution.modify(execution.id, target_status="STOPPED")
            try:
                client.execution.delete(execution.id)
            except Exception as error:  # the scripts ignore what they cannot delete
                log(f"could not delete execution {execution.id}: {error}")
        for deployment in client.deployment.query().resources:
            if deployment.status.value in ("RUNNING", "PENDING"):
                client.deployment.modify(deployment.id, target_status="STOPPED")
            while client.deployment.get(deployment.id).status.value not in ("STOPPED", "DEAD", "UNKNOWN"):
                if time.monotonic() > deadline:
                    raise SystemExit(f"baseline: deployment {deployment.id} did not stop in time")
                time.sleep(args.poll)
            client.deployment.delete(deployment.id)
    phase("clean_up")

    # 3. artifacts: list all of them again before each create.
    artifact_ids = {}
    for spec in config.get("artifacts", []):
        existing = client.artifact.query().resources
        match = next((a for a in existing if a.name == spec["name"] and a.kind.value == spec["kind"]
                      and a.url == spec["url"] and a.scenario_id == spec["scenario_id"]), None)
        if match is None:
            created = client.artifact.create(spec["name"], Artifact.Kind(spec["kind"]), spec["url"], spec["scenario_id"])
            artifact_ids[spec["key"]] = created.id
            log(f"created artifact {spec['name']} ({created.id})")
        else:
            artifact_ids[spec["key"]] = match.id
    phase("artifacts")

    # 4. configurations: list all of them again before each create.
    runs = [("execution", run) for run in config.get("executions", [])] + \
           [("deployment", run) for run in config.get("deployments", [])]
    configuration_ids = {}
    for _, run in runs:
        spec = run["configuration"]
        parameters = {(b["key"], b["value"]) for b in spec.get("parameter_bindings", [])}
        inputs = {(b["key"], artifact_ids[b.get("artifact", b["key"])]) for b in spec.get("input_artifact_bindings", [])}
        existing = client.configuration.query().resources
        match = next((c for c in existing if c.name == spec["name"] and c.scenario_id == spec["scenario_id"]
                      and c.executable_id == spec["executable_id"]
                      and {(b.key, b.value) for b in (c.parameter_bindings or [])} == parameters
                      and {(b.key, b.artifact_id) for b in (c.input_artifact_bindings or [])} == inputs), None)
        if match is None:
            created = client.configuration.create(
                spec["name"], spec["scenario_id"], spec["executable_id"],
                [ParameterBinding(key, value) for key, value in sorted(parameters)],
                [InputArtifactBinding(key, artifact) for key, artifact in sorted(inputs)])
            configuration_ids[spec["name"]] = created.id
            log(f"created configuration {spec['name']} ({created.id})")
        else:
            configuration_ids[spec["name"]] = match.id
    phase("configurations")

    # 5 and 6. Start the executions and deployments one by one and follow them one after another: fixed-sleep
    # polling, logs fetched on every poll. Batch mode starts every run first; sequential mode (what the public
    # "CI/CD with SAP AI Core" sample's pipeline.py does) waits for each run before starting the next.
    def start(kind, run):
        configuration_id = configuration_ids[run["configuration"]["name"]]
        api = client.execution if kind == "execution" else client.deployment
        created = api.create(configuration_id)
        log(f"[{kind} {run['configuration']['name']}] started {created.id}")
        return kind, run, created.id

    def follow(kind, run, run_id):
        wanted = run.get("wait_for_status")
        name = run["configuration"]["name"]
        api = client.execution if kind == "execution" else client.deployment
        seen = set()
        status = None
        while wanted:
            status = api.get(run_id).status.value
            for record in api.query_logs(run_id).data.result:
                if (record.timestamp, record.msg) not in seen:
                    seen.add((record.timestamp, record.msg))
                    if not record.msg.startswith("time="):
                        log(f"[{kind} {name}] {record.msg}")
            if status == wanted or status == "DEAD" or time.monotonic() > deadline:
                break
            time.sleep(args.poll)
        log(f"[{kind} {name}] {status}")
        return {"kind": kind, "name": name, "id": run_id, "status": status, "wanted": wanted,
                "reached": wanted is None or status == wanted}

    results = []
    if args.sequential:
        for kind, run in runs:
            results.append(follow(*start(kind, run)))
        phase("create_and_follow")
    else:
        started_runs = [start(kind, run) for kind, run in runs]
        phase("create_runs")
        results = [follow(*started) for started in started_runs]
        phase("follow")

    reached = all(result["reached"] for result in results)
    print(json.dumps({
        "seconds": round(time.monotonic() - started, 3), "phases": phases, "poll_seconds": args.poll,
        "mode": "sequential" if args.sequential else "batch",
        "artifacts": len(artifact_ids), "configurations": len(configuration_ids), "runs": results,
        "outcome": "succeeded" if reached else "failed",
    }))
    return 0 if reached else 3


if __name__ == "__main__":
    sys.exit(main())
