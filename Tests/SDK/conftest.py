"""Fixtures for the SDK compatibility tests: a real git repository holding AI Core templates, and a running
`promote emulator` that has on-boarded it.

The tests drive the emulator only through SAP's own Python SDK (`ai_core_sdk.ai_core_v2_client.AICoreV2Client`),
so they prove that the official SDK works against it unchanged. scripts/sdk-test runs them once with each SDK
line (ai-core-sdk 2.6.x and sap-ai-sdk-core 3.x).

Environment:
- PROMOTE_BINARY: the promote executable to start (default: <repository root>/.build/debug/promote).
"""
import os
import queue
import shlex
import signal
import subprocess
import threading
import time
from importlib import metadata
from pathlib import Path

import pytest

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
EXPORTED = ("AICORE_AUTH_URL", "AICORE_BASE_URL", "AICORE_CLIENT_ID", "AICORE_CLIENT_SECRET", "AICORE_RESOURCE_GROUP")
STARTUP_TIMEOUT = 60
SHUTDOWN_TIMEOUT = 10

SCENARIO_ID = "sdk-scenario"
TRAINING_ID = "sdk-training"
SERVING_ID = "sdk-serving"

# A training workflow in the shape of SAP's samples (templates.md §1): scenario and version labels, scenario and
# executable names, parameters with defaults, an input artifact, an output artifact with a globalName (whose
# annotations are keyed by that globalName), a resource plan per step and the mandatory /bin/sh -c command.
WORKFLOW_TEMPLATE = """\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: sdk-training
  annotations:
    scenarios.ai.sap.com/name: "SDK compatibility"
    scenarios.ai.sap.com/description: "Trains and serves a toy model for promote's SDK tests"
    executables.ai.sap.com/name: "sdk-training"
    executables.ai.sap.com/description: "Trains the toy model"
    artifacts.ai.sap.com/trainingdata.kind: "dataset"
    artifacts.ai.sap.com/sdkmodel.kind: "model"
    artifacts.ai.sap.com/sdkmodel.description: "The trained toy model"
    artifacts.ai.sap.com/sdkmodel.labels: '{"ext.ai.sap.com/stage": "training"}'
  labels:
    scenarios.ai.sap.com/id: "sdk-scenario"
    ai.sap.com/version: "1.0"
spec:
  imagePullSecrets:
    - name: sdk-registry
  entrypoint: train
  activeDeadlineSeconds: 3600
  arguments:
    parameters:
      - name: epochs
        default: "2"
        description: "How many passes over the training data"
      - name: learningrate
        default: "0.01"
  templates:
    - name: train
      metadata:
        labels:
          ai.sap.com/resourcePlan: starter
      inputs:
        artifacts:
          - name: trainingdata
            path: /app/data/
      outputs:
        artifacts:
          - name: trainedmodel
            globalName: sdkmodel
            path: /app/model/
            archive:
              none: {}
      container:
        image: docker.io/promote-tests/sdk-train:1.0.0
        imagePullPolicy: Always
        command: ["/bin/sh", "-c"]
        args:
          - >
            python /app/src/train.py
            --epochs "{{workflow.parameters.epochs}}"
            --learning-rate "{{workflow.parameters.learningrate}}"
        env:
          - name: EPOCHS
            value: "{{workflow.parameters.epochs}}"
"""

# A KServe serving template in the shape of SAP's samples (templates.md §2): declared input parameters (one with a
# default, one without) and a model artifact, and the InferenceService spec as a string using the placeholders,
# the model in STORAGE_URI.
SERVING_TEMPLATE = """\
apiVersion: ai.sap.com/v1alpha1
kind: ServingTemplate
metadata:
  name: sdk-serving
  annotations:
    scenarios.ai.sap.com/name: "SDK compatibility"
    scenarios.ai.sap.com/description: "Trains and serves a toy model for promote's SDK tests"
    executables.ai.sap.com/name: "sdk-serving"
    executables.ai.sap.com/description: "Serves the toy model"
    artifacts.ai.sap.com/model.kind: "model"
  labels:
    scenarios.ai.sap.com/id: "sdk-scenario"
    ai.sap.com/version: "1.0"
spec:
  inputs:
    parameters:
      - name: greeting
        default: "hello"
        type: "string"
        description: "What the server answers with"
      - name: modelversion
        type: "string"
    artifacts:
      - name: model
  template:
    apiVersion: "serving.kserve.io/v1beta1"
    metadata:
      annotations: |
        autoscaling.knative.dev/metric: concurrency
        autoscaling.knative.dev/target: 1
        autoscaling.knative.dev/targetBurstCapacity: 0
      labels: |
        ai.sap.com/resourcePlan: starter
    spec: |
      predictor:
        imagePullSecrets:
          - name: sdk-registry
        minReplicas: 1
        maxReplicas: 1
        containers:
        - name: kserve-container
          image: docker.io/promote-tests/sdk-serve:1.0.0
          ports:
            - containerPort: 8080
              protocol: TCP
          env:
            - name: STORAGE_URI
              value: "{{inputs.artifacts.model}}"
            - name: GREETING
              value: "{{inputs.parameters.greeting}}"
            - name: MODEL_VERSION
              value: "{{inputs.parameters.modelversion}}"
"""


def pytest_report_header(config):
    versions = []
    for distribution in ("ai-core-sdk", "sap-ai-sdk-core", "ai-api-client-sdk", "sap-ai-sdk-base"):
        try:
            versions.append(f"{distribution}=={metadata.version(distribution)}")
        except metadata.PackageNotFoundError:
            pass
    return "SAP SDK under test: " + (", ".join(versions) or "none installed")


class GitRepository:
    """A throwaway git repository with an identity of its own, changed through the git CLI."""

    def __init__(self, path: Path):
        self.path = path
        self.env = dict(os.environ)
        self.env.update(
            GIT_AUTHOR_NAME="promote sdk tests", GIT_AUTHOR_EMAIL="sdk-tests@promote.invalid",
            GIT_COMMITTER_NAME="promote sdk tests", GIT_COMMITTER_EMAIL="sdk-tests@promote.invalid",
            GIT_CONFIG_NOSYSTEM="1", HOME=str(path.parent), GIT_TERMINAL_PROMPT="0",
        )

    def git(self, *arguments: str) -> str:
        result = subprocess.run(
            ["git", *arguments], cwd=self.path, env=self.env, check=True, capture_output=True, text=True)
        return result.stdout.strip()

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "main")


@pytest.fixture(scope="session")
def git_repo(tmp_path_factory) -> GitRepository:
    """A repository on branch main with the two templates at the top of templates/ (what an application syncs)."""
    path = tmp_path_factory.mktemp("sdk-repo")
    repository = GitRepository(path)
    repository.git("init", "-q", "-b", "main")
    repository.write("templates/training-workflow.yaml", WORKFLOW_TEMPLATE)
    repository.write("templates/serving-template.yaml", SERVING_TEMPLATE)
    repository.write("README.md", "Templates for promote's SDK compatibility tests.\n")
    repository.commit("Add the SDK test templates")
    return repository


def _binary() -> str:
    binary = os.environ.get("PROMOTE_BINARY") or str(REPOSITORY_ROOT / ".build" / "debug" / "promote")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"promote binary not found at {binary}: build it (swift build --product promote) or set "
                    "PROMOTE_BINARY", returncode=2)
    return binary


def _parse_export(line: str):
    """`export KEY=VALUE` (VALUE possibly shell-quoted) -> (KEY, VALUE), else None."""
    if not line.startswith("export "):
        return None
    try:
        words = shlex.split(line[len("export "):])
    except ValueError:
        return None
    if len(words) != 1 or "=" not in words[0]:
        return None
    key, _, value = words[0].partition("=")
    return key, value


@pytest.fixture(scope="session")
def emulator(git_repo, tmp_path_factory):
    """Starts `promote emulator --port 0 --repo <git_repo>` and yields the environment it exports (the five
    AICORE_* variables). On teardown it sends SIGTERM and requires a clean exit (status 0) within 10 s."""
    log_dir = tmp_path_factory.mktemp("emulator")
    stderr_path = log_dir / "stderr.txt"
    command = [_binary(), "emulator", "--port", "0", "--repo", str(git_repo.path)]
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, text=True, bufsize=1)
    lines: "queue.Queue[str | None]" = queue.Queue()
    stdout_lines = []

    def pump():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=pump, name="emulator-stdout", daemon=True).start()

    exported = {}
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not all(key in exported for key in EXPORTED):
        remaining = deadline - time.monotonic()
        try:
            line = lines.get(timeout=max(remaining, 0.01))
        except queue.Empty:
            line = None
            remaining = 0
        if line is None:
            process.kill()
            process.wait()
            pytest.fail(
                f"`{' '.join(command)}` did not print the five export lines within {STARTUP_TIMEOUT} s "
                f"(exit status {process.returncode}); stdout: {stdout_lines!r}; stderr: {stderr_path.read_text()!r}")
        stdout_lines.append(line)
        parsed = _parse_export(line)
        if parsed:
            exported[parsed[0]] = parsed[1]

    try:
        yield exported
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=SHUTDOWN_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                pytest.fail(f"promote emulator did not exit within {SHUTDOWN_TIMEOUT} s of SIGTERM; "
                            f"stderr: {stderr_path.read_text()!r}")
            assert process.returncode == 0, (
                f"promote emulator exited with status {process.returncode} after SIGTERM (expected a clean 0); "
                f"stderr: {stderr_path.read_text()!r}")
        else:
            pytest.fail(f"promote emulator died during the tests with status {process.returncode}; "
                        f"stderr: {stderr_path.read_text()!r}")
