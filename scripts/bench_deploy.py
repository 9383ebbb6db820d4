#!/usr/bin/env python3
"""Benchmark of `promote deploy` against `promote emulator`, beside the seed's deploy algorithm written with SAP's
Python SDK the way hand-written deploy scripts do it (scripts/bench_baseline.py). Run it through scripts/bench.

For each measured run it starts a fresh emulator (runs PENDING --pending-seconds, executions then RUNNING for
--running-seconds; every request delayed by the latency measured, lists answered in pages of --page-size), creates
the resource group and the git-sync application (setup, not measured), reads GET /emulator/stats before and after
the run, and stops the emulator. For every latency (default 0, 50 and 100 ms) and size (default 20/20/10 and
200/200/100 artifacts/executions/deployments) it measures promote deploy (--runs times up to 100 objects,
--large-runs above; the median is reported) and the seed's algorithm (--baseline-runs times); then one promote
deploy under a 429 storm (--storm), counting the objects in the tenant for duplicates.

It prints a table, checks the issue's targets at the highest latency (PASS/FAIL each: speed-up over the seed,
time over the physical limit, requests linear in objects, no duplicates), writes bench-results/deploy.json with
every configuration and exits 1 when a target fails (2 when the benchmark itself could not run).
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

SCENARIO = "bench"
TRAIN = "bench-train"
SERVE = "bench-serve"
STAGE = "dev"
RESOURCE_GROUP = "bench-dev"
APPLICATION = "bench-app"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "promote bench", "GIT_AUTHOR_EMAIL": "bench@promote.invalid",
    "GIT_COMMITTER_NAME": "promote bench", "GIT_COMMITTER_EMAIL": "bench@promote.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}

TRAIN_TEMPLATE = f"""\
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: {TRAIN}
  annotations:
    scenarios.ai.sap.com/name: "Benchmark"
    executables.ai.sap.com/name: "Benchmark training"
    artifacts.ai.sap.com/dataset.kind: "dataset"
  labels:
    scenarios.ai.sap.com/id: "{SCENARIO}"
    ai.sap.com/version: "1.0"
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: envexample
        default: "none"
  templates:
    - name: main
      metadata:
        labels:
          ai.sap.com/resourcePlan: starter
      inputs:
        artifacts:
          - name: dataset
            path: /app/data
      container:
        image: docker.io/acme/bench-train:1.0.0
        command: ["/bin/sh", "-c"]
        args: ["echo training with {{{{workflow.parameters.envexample}}}}"]
"""

SERVE_TEMPLATE = f"""\
apiVersion: ai.sap.com/v1alpha1
kind: ServingTemplate
metadata:
  name: {SERVE}
  annotations:
    scenarios.ai.sap.com/name: "Benchmark"
    executables.ai.sap.com/name: "Benchmark serving"
  labels:
    scenarios.ai.sap.com/id: "{SCENARIO}"
    ai.sap.com/version: "1.0"
spec:
  inputs:
    parameters:
      - name: envexample
        default: "none"
        type: string
  template:
    apiVersion: "serving.kserve.io/v1beta1"
    metadata:
      labels: |
        ai.sap.com/resourcePlan: starter
    spec: |
      predictor:
        minReplicas: 1
        containers:
        - name: kserve-container
          image: docker.io/acme/bench-serve:1.0.0
          env:
            - name: ENV_EXAMPLE
              value: "{{{{inputs.parameters.envexample}}}}"
"""


class BenchError(Exception):
    """The benchmark itself could not run (as opposed to promote missing a target)."""


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The repository


def deploy_config(artifacts, executions, deployments):
    """DESIGN.md §3's format. Each training binds its own dataset to the template's input `dataset` (promote's
    `{"key": input, "artifact": artifact key}` form); every configuration has its own name and parameter value."""
    return {
        "clean_up": True,
        "artifacts": [
            {"key": f"ds-{i:02d}", "name": f"bench-dataset-{i:02d}", "kind": "dataset",
             "url": f"ai://default/bench/ds-{i:02d}.txt", "scenario_id": SCENARIO}
            for i in range(1, artifacts + 1)
        ],
        "executions": [
            {"configuration": {
                "name": f"bench-train-{i:02d}", "scenario_id": SCENARIO, "executable_id": TRAIN,
                "parameter_bindings": [{"key": "envexample", "value": f"train-{i:02d}"}],
                "input_artifact_bindings": [{"key": "dataset", "artifact": f"ds-{(i - 1) % artifacts + 1:02d}"}]},
             "wait_for_status": "COMPLETED"}
            for i in range(1, executions + 1)
        ],
        "deployments": [
            {"configuration": {
                "name": f"bench-serve-{i:02d}", "scenario_id": SCENARIO, "executable_id": SERVE,
                "parameter_bindings": [{"key": "envexample", "value": f"serve-{i:02d}"}],
                "input_artifact_bindings": []},
             "wait_for_status": "RUNNING"}
            for i in range(1, deployments + 1)
        ],
    }


def git(repo, *args):
    env = dict(os.environ, **GIT_IDENTITY)
    subprocess.run(["git", "-C", repo, *args], check=True, env=env, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def make_repository(path, size):
    """A git repository with stage dev (on main), the two templates and the deploy config, in one commit."""
    artifacts, executions, deployments = size
    os.makedirs(path)
    stage = {
        "version": 1, "name": STAGE, "branch": "main",
        "aicore": {"resource_group": RESOURCE_GROUP, "application": APPLICATION},
        "deploy": {"config": "cicd/config.json", "clean_up": "scenario", "timeout_seconds": 600},
    }
    files = {
        "stages/dev.json": json.dumps(stage, indent=2) + "\n",
        "templates/train.yaml": TRAIN_TEMPLATE,
        "templates/serve.yaml": SERVE_TEMPLATE,
        "cicd/config.json": json.dumps(deploy_config(artifacts, executions, deployments), indent=2) + "\n",
    }
    for name, text in files.items():
        os.makedirs(os.path.join(path, os.path.dirname(name)), exist_ok=True)
        with open(os.path.join(path, name), "w") as file:
            file.write(text)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", GIT_IDENTITY["GIT_AUTHOR_NAME"])
    git(path, "config", "user.email", GIT_IDENTITY["GIT_AUTHOR_EMAIL"])
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", f"benchmark content {artifacts}/{executions}/{deployments}")
    return path


# ---------------------------------------------------------------------------------------------------------------
# The emulator


class Emulator:
    """`promote emulator` on a free port, one per measured run."""

    live = set()

    def __init__(self, binary, repo, workdir, pending, running, pid_file, faults=None, page_size=None):
        self.log_path = os.path.join(workdir, f"emulator-{len(os.listdir(workdir))}.out")
        self.log_file = open(self.log_path, "w")
        # `timeout` bounds an emulator orphaned by a killed benchmark; it passes SIGTERM on to promote.
        self.process = subprocess.Popen(
            ["timeout", "900", binary, "emulator", "--port", "0", "--repo", repo,
             "--pending-seconds", str(pending), "--running-seconds", str(running)]
            + (["--faults", faults, "--seed", "16"] if faults else [])
            + (["--page-size", str(page_size)] if page_size else []),
            stdout=self.log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        Emulator.live.add(self)
        self.pid_file = pid_file
        with open(pid_file, "a") as file:
            file.write(f"{self.process.pid}\n")
        self.env = self._read_exports()
        self.root = self.env["AICORE_BASE_URL"].rstrip("/").removesuffix("/v2")
        self._token = None

    def _read_exports(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"the emulator exited with {self.process.returncode}: {self._tail()}")
            with open(self.log_path) as file:
                text = file.read()
            if "listening on" in text:
                env = {}
                for line in text.splitlines():
                    if line.startswith("export "):
                        key, _, value = line[len("export "):].partition("=")
                        env[key] = value.strip().strip("'\"")
                return env
            time.sleep(0.02)
        raise BenchError(f"the emulator did not print its settings within 30 s: {self._tail()}")

    def _tail(self):
        with open(self.log_path) as file:
            return file.read()[-2000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_file.close()
        Emulator.live.discard(self)
        # Forget the pid, so the caller's trap never signals a recycled one.
        with open(self.pid_file) as file:
            pids = [line for line in file.read().splitlines() if line and line != str(self.process.pid)]
        with open(self.pid_file, "w") as file:
            file.write("".join(f"{pid}\n" for pid in pids))

    @classmethod
    def stop_all(cls):
        for emulator in list(cls.live):
            try:
                emulator.stop()
            except Exception as error:  # keep stopping the others
                log(f"could not stop an emulator: {error}")

    # HTTP for setup and stats (not part of any measured run's numbers: stats are read around those calls).

    def request(self, method, path, body=None, token=True, resource_group=None, timeout=30):
        headers = {}
        data = None
        if token:
            headers["Authorization"] = f"Bearer {self.token()}"
        if resource_group:
            headers["AI-Resource-Group"] = resource_group
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        # Under an injected 429 storm the harness's own reads are refused too: a GET is repeated until it passes.
        for attempt in range(100):
            request = urllib.request.Request(self.root + path, data=data, headers=headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    text = response.read().decode()
                return json.loads(text) if text else None
            except urllib.error.HTTPError as error:
                if error.code == 429 and method == "GET" and attempt < 99:
                    time.sleep(0.01)
                    continue
                raise BenchError(f"{method} {path}: HTTP {error.code}: {error.read().decode()[:500]}") from None

    def token(self):
        if self._token is None:
            form = urllib.parse.urlencode({
                "grant_type": "client_credentials", "client_id": self.env["AICORE_CLIENT_ID"],
                "client_secret": self.env["AICORE_CLIENT_SECRET"]}).encode()
            request = urllib.request.Request(self.env["AICORE_AUTH_URL"], data=form, method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            with urllib.request.urlopen(request, timeout=30) as response:
                self._token = json.loads(response.read())["access_token"]
        return self._token

    def stats(self):
        return self.request("GET", "/emulator/stats", token=False)

    def set_up(self, repo):
        """What an admin does once per tenant: the resource group, and the git-sync application (one POST)."""
        self.request("POST", "/v2/admin/resourceGroups", {"resourceGroupId": RESOURCE_GROUP})
        self._wait("resource group", lambda: self.request(
            "GET", f"/v2/admin/resourceGroups/{RESOURCE_GROUP}").get("status") == "PROVISIONED")
        self.request("POST", "/v2/admin/applications",
                     {"applicationName": APPLICATION, "repositoryUrl": repo, "revision": "main", "path": "templates"})
        self._wait("application sync", lambda: self.request(
            "GET", f"/v2/admin/applications/{APPLICATION}/status").get("syncStatus") == "Synced")

    @staticmethod
    def _wait(what, done, timeout=30):
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise BenchError(f"setup: {what} not ready within {timeout} s")
            time.sleep(0.05)

    def runs(self):
        """Every execution and deployment of the resource group, as the emulator reports them after a run."""
        found = []
        for kind in ("executions", "deployments"):
            for run in self.request("GET", f"/v2/lm/{kind}", resource_group=RESOURCE_GROUP)["resources"]:
                found.append(dict(run, kind=kind[:-1]))
        return found


def stats_delta(before, after):
    routes = {}
    for key in sorted(set(before["byRoute"]) | set(after["byRoute"])):
        delta = after["byRoute"].get(key, 0) - before["byRoute"].get(key, 0)
        if delta:
            routes[key] = delta
    paths = {}
    for key in sorted(set(before.get("byPath", {})) | set(after.get("byPath", {}))):
        delta = after.get("byPath", {}).get(key, 0) - before.get("byPath", {}).get(key, 0)
        if delta:
            paths[key] = delta
    return {"requests": after["requests"] - before["requests"], "writes": after["writes"] - before["writes"],
            "byRoute": routes, "byPath": paths}


# What following a run costs: its status (GET of the one object) and its new log lines.
POLL_PATHS = ("GET /v2/lm/executions/{id}", "GET /v2/lm/deployments/{id}",
              "GET /v2/lm/executions/{id}/logs", "GET /v2/lm/deployments/{id}/logs")


def emulator_env(emulator):
    """A clean environment: no AICORE_* from the caller; the emulator's settings except AICORE_RESOURCE_GROUP, so
    the stage's resource group (bench-dev) applies."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AICORE_")}
    env.update({k: v for k, v in emulator.env.items() if k != "AICORE_RESOURCE_GROUP"})
    env.update(GIT_IDENTITY)
    return env


def parse_time(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() if text else None


def simulated_runs(emulator):
    """How long each run took on the emulator's side: creation until it reached its wanted status."""
    durations = []
    for run in emulator.runs():
        created = parse_time(run.get("createdAt"))
        ended = parse_time(run.get("completionTime") if run["kind"] == "execution" else run.get("startTime"))
        if created is not None and ended is not None:
            durations.append(ended - created)
    return durations


# ---------------------------------------------------------------------------------------------------------------
# Measured runs


def run_timed(command, env, timeout, cwd=None):
    """Runs a command; returns (exit code, stdout, [(seconds since start, stderr line)], wall seconds)."""
    lines = []
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)

    def read_stderr():
        for line in process.stderr:
            lines.append((time.monotonic() - started, line.rstrip("\n")))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    stdout_parts = []
    out_reader = threading.Thread(target=lambda: stdout_parts.append(process.stdout.read()), daemon=True)
    out_reader.start()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{' '.join(command[:3])} did not finish within {timeout} s") from None
    finally:
        if process.poll() is None:  # timed out, or the benchmark is being stopped
            process.kill()
            process.wait(timeout=10)
    wall = time.monotonic() - started
    reader.join(timeout=10)
    out_reader.join(timeout=10)
    return process.returncode, "".join(stdout_parts), lines, wall


def first(lines, predicate):
    return next((t for t, line in lines if predicate(line)), None)


def last(lines, predicate):
    return next((t for t, line in reversed(lines) if predicate(line)), None)


def promote_phases(lines, wall):
    """Where promote's wall time goes, from the moments its progress lines (stderr with --json) appeared."""
    deploying = first(lines, lambda l: l.startswith("deploying "))
    syncing = first(lines, lambda l: l.startswith("syncing application "))
    first_start = first(lines, lambda l: l.startswith("[") and "] started " in l)
    last_start = last(lines, lambda l: l.startswith("[") and "] started " in l)
    last_status = last(lines, lambda l: l.startswith("[") and (l.endswith("] COMPLETED") or l.endswith("] RUNNING")
                                                             or "] DEAD" in l))
    # Clean-up, creates and starts run as one graph whose lines are printed once it is done, so they are one phase.
    points = [("start-up (process start until 'deploying')", 0.0, deploying),
              ("first calls: resource group, refresh ('deploying' until 'syncing')", deploying, syncing),
              ("sync wait, inventory, fit check, creation graph (until the runs' 'started' lines)", syncing,
               last_start),
              ("following (last start until last wanted status)", last_start, last_status),
              ("summary + git notes + exit", last_status, wall)]
    phases = {}
    for name, begin, end in points:
        if begin is not None and end is not None:
            phases[name] = round(end - begin, 3)
    starts = {}
    for t, line in lines:
        if line.startswith("[") and "] started " in line:
            starts[line[1:line.index("]")]] = t
    reached = {}
    for t, line in lines:
        if line.startswith("[") and (line.endswith("] COMPLETED") or line.endswith("] RUNNING")):
            reached[line[1:line.index("]")]] = t
    follow = [reached[k] - starts[k] for k in starts if k in reached]
    return phases, {"first_start": first_start, "last_start": last_start, "last_status": last_status,
                    "per_object_seconds_from_start_to_reported": sorted(round(f, 3) for f in follow)}


def tenant_counts(emulator):
    """How many objects of each kind the resource group holds (duplicates show up as more than the config has)."""
    counts = {}
    for kind in ("artifacts", "configurations", "executions", "deployments"):
        # The emulator may answer in small pages (--page-size): page until the count has arrived.
        seen = 0
        while True:
            answer = emulator.request("GET", f"/v2/lm/{kind}?$top=100000&$skip={seen}",
                                      resource_group=RESOURCE_GROUP)
            seen += len(answer["resources"])
            if not answer["resources"] or seen >= answer.get("count", seen):
                break
        counts[kind] = seen
    return counts


# The list calls promote may make; each kind listed counts one round trip in the physical limit.
LIST_PATHS = ("GET /v2/lm/scenarios/{id}/executables", "GET /v2/lm/artifacts", "GET /v2/lm/configurations",
              "GET /v2/lm/executions", "GET /v2/lm/deployments", "GET /v2/lm/executionSchedules")


def physical_limit(latency_ms, slowest_run, by_path):
    """The issue's physical limit: the slowest run's own duration plus the round trips that cannot overlap: the
    token, the sync (refresh and one status), one list per kind listed, one create per dependency level (artifact,
    configuration, run) and one status poll."""
    kinds = sum(1 for path in LIST_PATHS if by_path.get(path))
    trips = {"token": 1, "sync": 2, "lists": kinds, "creates": 3, "status poll": 1}
    return slowest_run + sum(trips.values()) * latency_ms / 1000, trips


def measure_promote(args, repo, size, faults, latency_ms):
    emulator = Emulator(args.binary, repo, args.workdir, args.pending_seconds, args.running_seconds, args.pid_file,
                        faults, args.page_size)
    try:
        emulator.set_up(repo)
        before = emulator.stats()
        code, stdout, lines, wall = run_timed(
            [args.binary, "deploy", STAGE, "--repo", repo, "--json"]
            + (["--concurrency", str(args.concurrency)] if args.concurrency else []),
            emulator_env(emulator), args.timeout)
        after = emulator.stats()
        simulated = simulated_runs(emulator)
        counts = tenant_counts(emulator)
    finally:
        emulator.stop()
    if code != 0:
        tail = "\n".join(line for _, line in lines[-20:])
        raise BenchError(f"promote deploy exited with {code}:\n{tail}\n{stdout[-2000:]}")
    report = json.loads(stdout)
    phases, moments = promote_phases(lines, wall)
    delta = stats_delta(before, after)
    objects = sum(size)
    polls = sum(delta["byPath"].get(path, 0) for path in POLL_PATHS)
    slowest = max(simulated) if simulated else args.pending_seconds + args.running_seconds
    limit, trips = physical_limit(latency_ms, slowest, delta["byPath"])
    return {
        "size": size_dict(size), "latency_ms": latency_ms, "faults": faults,
        "wall_seconds": round(wall, 3),
        "requests": delta["requests"], "writes": delta["writes"], "by_route": delta["byRoute"],
        "by_path": delta["byPath"], "report_requests": report.get("requests"),
        "requests_per_object": round(delta["requests"] / objects, 2),
        "poll_requests": polls,
        # Following is status GETs of single runs plus their log GETs; everything else is setup, lists and creates.
        "non_polling_requests": delta["requests"] - polls,
        "non_polling_per_object": round((delta["requests"] - polls) / objects, 2),
        "polls_per_followed_object": round(polls / (size[1] + size[2]), 2),
        "phases": phases, "moments": moments,
        "simulated_run_seconds_max": round(slowest, 3),
        "physical_limit_seconds": round(limit, 3), "physical_limit_round_trips": trips,
        "over_physical_limit_seconds": round(wall - limit, 3),
        "objects_in_tenant": counts,
        "duplicates": duplicates(counts, size),
        "outcome": report.get("outcome"),
        "progress": [[round(t, 3), line] for t, line in lines],
    }


def duplicates(counts, size):
    """Objects beyond what the config declares (each measured run starts from an empty tenant)."""
    artifacts, executions, deployments = size
    wanted = {"artifacts": artifacts, "configurations": executions + deployments, "executions": executions,
              "deployments": deployments}
    return sum(max(0, counts[kind] - wanted[kind]) for kind in wanted)


def size_dict(size):
    return {"artifacts": size[0], "executions": size[1], "deployments": size[2], "objects": sum(size)}


def measure_baseline(args, repo, size, latency_ms):
    faults = f"*:latency={latency_ms}ms" if latency_ms else None
    emulator = Emulator(args.binary, repo, args.workdir, args.pending_seconds, args.running_seconds, args.pid_file,
                        faults, args.page_size)
    try:
        emulator.set_up(repo)
        before = emulator.stats()
        env = emulator_env(emulator)
        code, stdout, lines, wall = run_timed(
            [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_baseline.py"),
             "--config", os.path.join(repo, "cicd", "config.json"), "--application", APPLICATION,
             "--resource-group", RESOURCE_GROUP, "--poll", str(args.baseline_poll), "--timeout", str(args.timeout)]
            + (["--sequential"] if args.baseline_mode == "sequential" else []),
            env, args.timeout + 30)
        after = emulator.stats()
    finally:
        emulator.stop()
    if code != 0:
        tail = "\n".join(line for _, line in lines[-30:])
        raise BenchError(f"the baseline exited with {code}:\n{tail}")
    result = json.loads(stdout)
    delta = stats_delta(before, after)
    return {
        "size": size_dict(size), "latency_ms": latency_ms,
        "wall_seconds": round(wall, 3), "requests": delta["requests"], "writes": delta["writes"],
        "by_route": delta["byRoute"], "requests_per_object": round(delta["requests"] / sum(size), 2),
        "phases": result["phases"], "poll_seconds": result["poll_seconds"], "mode": args.baseline_mode,
        "outcome": result["outcome"],
    }


# ---------------------------------------------------------------------------------------------------------------
# Report


def median_run(runs):
    """The run with the median wall time (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["wall_seconds"])
    return ordered[(len(ordered) - 1) // 2]


def size_label(size):
    return "/".join(str(n) for n in size)


def check_targets(args, cells, storm):
    """The issue's targets, at the highest latency measured (100 ms by default), at every size."""
    latency = max(args.latencies)
    targets = []
    at = [cell for cell in cells if cell["latency_ms"] == latency]
    for cell in at:
        promote, seed = cell["promote"], cell["seed"]
        label = f"{size_label(cell['size'])} at {latency} ms"
        speedup = seed["wall_seconds"] / promote["wall_seconds"]
        targets.append({
            "target": "faster", "name": f"at least {args.min_speedup:g}x faster than the seed's algorithm, {label}",
            "pass": speedup >= args.min_speedup,
            "detail": (f"seed {seed['wall_seconds']:.2f} s / promote {promote['wall_seconds']:.2f} s = "
                       f"{speedup:.2f}x (seed: {seed['mode']} mode, polls every {seed['poll_seconds']} s)")})
        over = promote["over_physical_limit_seconds"]
        trips = promote["physical_limit_round_trips"]
        targets.append({
            "target": "limit", "name": f"at most the physical limit plus {args.max_over_limit:g} s, {label}",
            "pass": over <= args.max_over_limit,
            "detail": (f"{promote['wall_seconds']:.2f} s vs physical limit {promote['physical_limit_seconds']:.2f} s "
                       f"(slowest run {promote['simulated_run_seconds_max']:.2f} s + {sum(trips.values())} round trips"
                       f" of {latency} ms: " + ", ".join(f"{k} {v}" for k, v in trips.items())
                       + f"); over by {over:.2f} s")})
    if len(at) >= 2:
        small, large = min(at, key=lambda c: sum(c["size"])), max(at, key=lambda c: sum(c["size"]))
        small_rpo, large_rpo = small["promote"]["requests_per_object"], large["promote"]["requests_per_object"]
        writes_ok = all(c["promote"]["non_polling_per_object"] <= args.max_non_polling_per_object for c in at)
        targets.append({
            "target": "linear", "name": "requests grow at most linearly with the objects",
            "pass": large_rpo <= small_rpo * (1 + args.linear_tolerance) and writes_ok,
            "detail": (f"{large_rpo} req/object at {sum(large['size'])} objects vs {small_rpo} at "
                       f"{sum(small['size'])} (tolerance +{args.linear_tolerance:.0%}); without polling "
                       + ", ".join(f"{c['promote']['non_polling_per_object']} req/object at {sum(c['size'])}"
                                   for c in at)
                       + f" (limit {args.max_non_polling_per_object})")})
    if storm is not None:
        targets.append({
            "target": "storm", "name": f"no duplicate objects under {storm['faults']}",
            "pass": storm["duplicates"] == 0 and storm["outcome"] == "succeeded",
            "detail": (f"{storm['duplicates']} duplicates, outcome {storm['outcome']}, tenant holds "
                       + ", ".join(f"{v} {k}" for k, v in storm["objects_in_tenant"].items())
                       + f"; {storm['by_route'].get('lm POST', 0)} lm POSTs answered, "
                       f"{storm['wall_seconds']:.2f} s")})
    return targets


def print_table(cells, storm, targets):
    rows = [("latency", "size", "seed s", "seed req", "promote s", "promote req", "runs (s)", "speedup",
             "limit s", "over s")]
    for cell in cells:
        promote, seed = cell["promote"], cell["seed"]
        rows.append((f"{cell['latency_ms']} ms", size_label(cell["size"]), f"{seed['wall_seconds']:.2f}",
                     str(seed["requests"]), f"{promote['wall_seconds']:.2f}", str(promote["requests"]),
                     ", ".join(f"{r['wall_seconds']:.2f}" for r in cell["promote_runs"]),
                     f"{seed['wall_seconds'] / promote['wall_seconds']:.2f}x",
                     f"{promote['physical_limit_seconds']:.2f}", f"{promote['over_physical_limit_seconds']:+.2f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row)))
    print("\n(seed: the seed's deploy algorithm with SAP's Python SDK, scripts/bench_baseline.py; promote: the median "
          "run; limit: the physical limit, over: promote's wall time beyond it)")
    for cell in cells:
        promote = cell["promote"]
        print(f"\npromote {size_label(cell['size'])} at {cell['latency_ms']} ms, by phase: "
              + ", ".join(f"{name.split(' (')[0]} {seconds:.2f} s" for name, seconds in promote["phases"].items()))
        print("  requests by path: " + ", ".join(f"{k} {v}" for k, v in promote["by_path"].items()))
    if storm is not None:
        print(f"\n429 storm ({storm['faults']}), {size_label(tuple(storm['size'][k] for k in ('artifacts', 'executions', 'deployments')))}: "
              f"{storm['wall_seconds']:.2f} s, {storm['requests']} requests, tenant holds "
              + ", ".join(f"{v} {k}" for k, v in storm["objects_in_tenant"].items()))
    print()
    for target in targets:
        print(f"target ({target['target']}) {'PASS' if target['pass'] else 'FAIL'}: {target['name']}: {target['detail']}")


def parse_size(text):
    parts = [int(p) for p in text.split("/")]
    if len(parts) != 3 or min(parts) < 1:
        raise argparse.ArgumentTypeError("use ARTIFACTS/EXECUTIONS/DEPLOYMENTS, e.g. 20/20/10")
    return tuple(parts)


def parse_list(kind):
    def parse(text):
        try:
            return [kind(part) for part in text.split(",") if part]
        except ValueError:
            raise argparse.ArgumentTypeError(f"a comma-separated list, got {text!r}") from None
    return parse


def parse_args():
    parser = argparse.ArgumentParser(description="Benchmark promote deploy against the seed's deploy algorithm.")
    parser.add_argument("--binary", required=True, help="the promote binary (release build)")
    parser.add_argument("--workdir", required=True, help="an empty temporary directory for repositories and logs")
    parser.add_argument("--pid-file", required=True, help="where emulator pids are appended (for the caller's trap)")
    parser.add_argument("--out", default="bench-results/deploy.json")
    parser.add_argument("--sizes", type=parse_list(parse_size), default=[(20, 20, 10), (200, 200, 100)],
                        help="artifacts/executions/deployments, comma-separated (default 20/20/10,200/200/100)")
    parser.add_argument("--latencies", type=parse_list(int), default=[0, 50, 100],
                        help="injected latency per request in ms, comma-separated (default 0,50,100); the targets "
                             "are checked at the highest")
    parser.add_argument("--runs", type=int, default=3,
                        help="promote runs per configuration up to 100 objects (the median is reported)")
    parser.add_argument("--large-runs", type=int, default=1, help="promote runs per configuration above 100 objects")
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--baseline-poll", type=float, default=2.0, help="the seed's fixed sleep (s)")
    parser.add_argument("--baseline-mode", choices=("batch", "sequential"), default="batch",
                        help="batch (default): the seed's algorithm: create every object one by one (listing all "
                             "of its kind again before each create), then follow the runs one after another; "
                             "sequential: create one run and follow it until it reaches its status before creating "
                             "the next, as SAP's public 'CI/CD with SAP AI Core' sample does (much slower)")
    parser.add_argument("--concurrency", type=int, default=None, help="promote deploy --concurrency (default: none)")
    parser.add_argument("--page-size", type=int, default=50,
                        help="the emulator's --page-size: at most this many items in a list answer (default 50, so that "
                             "the large size must page; 0: no limit)")
    parser.add_argument("--storm", default="lm:429=0.3",
                        help="faults of the duplicate check (default lm:429=0.3; empty: skip it)")
    parser.add_argument("--pending-seconds", type=float, default=1.0)
    parser.add_argument("--running-seconds", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=900.0, help="limit per measured run (s)")
    parser.add_argument("--min-speedup", type=float, default=5.0)
    parser.add_argument("--max-over-limit", type=float, default=1.5)
    parser.add_argument("--linear-tolerance", type=float, default=0.2,
                        help="requests per object at the largest size may exceed those at the smallest this much")
    parser.add_argument("--max-non-polling-per-object", type=float, default=3.5,
                        help="requests per object other than polling ('about 3')")
    return parser.parse_args()


def main():
    args = parse_args()

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    cells, storm = [], None
    try:
        version = subprocess.run([args.binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        repos = {size: make_repository(os.path.join(args.workdir, f"repo-{size_label(size).replace('/', '-')}"), size)
                 for size in args.sizes}
        for latency in args.latencies:
            for size in args.sizes:
                faults = f"*:latency={latency}ms" if latency else None
                runs = args.runs if sum(size) <= 100 else args.large_runs
                promote_runs, seed_runs = [], []
                for i in range(runs):
                    log(f"promote deploy, {size_label(size)}, {latency} ms, run {i + 1}/{runs}")
                    promote_runs.append(measure_promote(args, repos[size], size, faults, latency))
                    log(f"  {promote_runs[-1]['wall_seconds']:.2f} s, {promote_runs[-1]['requests']} requests")
                for i in range(args.baseline_runs):
                    log(f"seed's algorithm (official SDK, {args.baseline_mode}, poll {args.baseline_poll} s), "
                        f"{size_label(size)}, {latency} ms, run {i + 1}/{args.baseline_runs}")
                    seed_runs.append(measure_baseline(args, repos[size], size, latency))
                    log(f"  {seed_runs[-1]['wall_seconds']:.2f} s, {seed_runs[-1]['requests']} requests")
                cells.append({"latency_ms": latency, "size": size, "promote": median_run(promote_runs),
                              "seed": median_run(seed_runs), "promote_runs": promote_runs, "seed_runs": seed_runs})
        if args.storm:
            size = min(args.sizes, key=sum)
            log(f"promote deploy, {size_label(size)}, faults {args.storm} (duplicate check)")
            storm = measure_promote(args, repos[size], size, args.storm, 0)
            log(f"  {storm['wall_seconds']:.2f} s, {storm['duplicates']} duplicates")
    except BenchError as error:
        log(f"error: {error}")
        return 2
    finally:
        Emulator.stop_all()

    targets = check_targets(args, cells, storm)
    print_table(cells, storm, targets)
    summary_keys = ("wall_seconds", "requests", "requests_per_object", "non_polling_per_object",
                    "physical_limit_seconds", "over_physical_limit_seconds")
    result = {
        "schema": "promote.bench.deploy/v2",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "promote_version": version, "binary": args.binary,
        "host": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "emulator": {"pending_seconds": args.pending_seconds, "running_seconds": args.running_seconds,
                     "page_size": args.page_size},
        "seed": {"mode": args.baseline_mode, "poll_seconds": args.baseline_poll},
        "promote_concurrency": args.concurrency or "default",
        "setup_note": ("each measured run starts its own emulator; the resource group and the git-sync application "
                       "are created (and synced once) before the request counters are read"),
        "summary": [
            {"latency_ms": c["latency_ms"], "size": size_dict(c["size"]),
             "promote": {k: c["promote"][k] for k in summary_keys},
             "seed": {k: c["seed"][k] for k in ("wall_seconds", "requests", "requests_per_object")},
             "speedup": round(c["seed"]["wall_seconds"] / c["promote"]["wall_seconds"], 2)}
            for c in cells],
        "targets": targets,
        "configurations": [dict(c, size=size_dict(c["size"])) for c in cells],
        "storm": storm,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as file:
        json.dump(result, file, indent=2)
        file.write("\n")
    print(f"\nresults: {args.out}")
    failed = [t["name"] for t in targets if not t["pass"]]
    if failed:
        print(f"bench: FAILED target(s): {'; '.join(failed)}", file=sys.stderr)
        return 1
    print("bench: all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
