#!/usr/bin/env python3
"""Benchmark of `promote deploy` against `promote emulator`, beside a baseline deploy done with SAP's Python SDK
the way hand-written deploy scripts do it today (scripts/bench_baseline.py). Run it through scripts/bench.

For each measured run it starts a fresh emulator (runs PENDING --pending-seconds, executions then RUNNING for
--running-seconds), creates the resource group and the git-sync application (setup, not measured), reads
GET /emulator/stats before and after the run, and stops the emulator. It measures:
  - promote deploy dev at full size (default 20 artifacts, 20 executions, 10 deployments), --runs times;
  - promote deploy dev at half size, to show how the request count grows with the number of objects;
  - the baseline at full size, --baseline-runs times.
Then it prints a table, checks the issue's targets (PASS/FAIL each), writes bench-results/deploy.json and exits 1
when a target fails (2 when the benchmark itself could not run).
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

    def __init__(self, binary, repo, workdir, pending, running, pid_file):
        self.log_path = os.path.join(workdir, f"emulator-{len(os.listdir(workdir))}.out")
        self.log_file = open(self.log_path, "w")
        # `timeout` bounds an emulator orphaned by a killed benchmark; it passes SIGTERM on to promote.
        self.process = subprocess.Popen(
            ["timeout", "900", binary, "emulator", "--port", "0", "--repo", repo,
             "--pending-seconds", str(pending), "--running-seconds", str(running)],
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
        request = urllib.request.Request(self.root + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as error:
            raise BenchError(f"{method} {path}: HTTP {error.code}: {error.read().decode()[:500]}") from None
        return json.loads(text) if text else None

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
    first_create = first(lines, lambda l: l.startswith("created ") or l.startswith("cleaning up "))
    last_config = last(lines, lambda l: l.startswith("created configuration "))
    first_start = first(lines, lambda l: l.startswith("[") and "] started " in l)
    last_start = last(lines, lambda l: l.startswith("[") and "] started " in l)
    last_status = last(lines, lambda l: l.startswith("[") and (l.endswith("] COMPLETED") or l.endswith("] RUNNING")
                                                             or "] DEAD" in l))
    points = [("start-up (process start until 'deploying')", 0.0, deploying),
              ("resource group + refresh ('deploying' until 'syncing')", deploying, syncing),
              ("sync wait + fit check + listing (until first create)", syncing, first_create),
              ("artifacts + configurations created", first_create, last_config),
              ("runs started (lists + creates)", last_config, last_start),
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


def measure_promote(args, repo, size, workdir, pid_file):
    emulator = Emulator(args.binary, repo, workdir, args.pending_seconds, args.running_seconds, pid_file)
    try:
        emulator.set_up(repo)
        before = emulator.stats()
        code, stdout, lines, wall = run_timed(
            [args.binary, "deploy", STAGE, "--repo", repo, "--json"], emulator_env(emulator), args.timeout)
        after = emulator.stats()
        simulated = simulated_runs(emulator)
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
    return {
        "size": {"artifacts": size[0], "executions": size[1], "deployments": size[2], "objects": objects},
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
        "report_run_seconds": sorted(r.get("seconds") or 0 for r in report.get("executions", []) + report.get("deployments", [])),
        "simulated_run_seconds_max": round(max(simulated), 3) if simulated else None,
        "outcome": report.get("outcome"),
        "progress": [[round(t, 3), line] for t, line in lines],
    }


def measure_baseline(args, repo, size, workdir, pid_file):
    emulator = Emulator(args.binary, repo, workdir, args.pending_seconds, args.running_seconds, pid_file)
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
    objects = sum(size)
    return {
        "size": {"artifacts": size[0], "executions": size[1], "deployments": size[2], "objects": objects},
        "wall_seconds": round(wall, 3), "requests": delta["requests"], "writes": delta["writes"],
        "by_route": delta["byRoute"], "requests_per_object": round(delta["requests"] / objects, 2),
        "phases": result["phases"], "poll_seconds": result["poll_seconds"], "mode": args.baseline_mode,
        "outcome": result["outcome"],
    }


# ---------------------------------------------------------------------------------------------------------------
# Report


def median_run(runs):
    """The run with the median wall time (the lower middle one for an even count)."""
    ordered = sorted(runs, key=lambda r: r["wall_seconds"])
    return ordered[(len(ordered) - 1) // 2]


def check_targets(args, full, half, baseline):
    slowest = args.pending_seconds + args.running_seconds
    full_rpo, half_rpo = full["requests_per_object"], half["requests_per_object"]
    growth = full["requests"] / half["requests"]
    size_ratio = full["size"]["objects"] / half["size"]["objects"]
    linear = abs(full_rpo / half_rpo - 1) <= args.linear_tolerance
    few = full["non_polling_per_object"] <= args.max_non_polling_per_object
    speedup = baseline["wall_seconds"] / full["wall_seconds"]
    return [
        {"target": "a", "name": "requests grow linearly (about 3 per object plus polling)", "pass": linear and few,
         "detail": (f"{full_rpo} req/object at {full['size']['objects']} objects vs {half_rpo} at "
                    f"{half['size']['objects']} (x{growth:.2f} requests for x{size_ratio:.2f} objects; tolerance "
                    f"±{args.linear_tolerance:.0%}); without polling {full['non_polling_per_object']} req/object "
                    f"(limit {args.max_non_polling_per_object}), polling {full['polls_per_followed_object']} "
                    f"status and log requests per followed object")},
        {"target": "b", "name": "wall time within 1.5 s of the slowest simulated run",
         "pass": full["wall_seconds"] <= slowest + 1.5,
         "detail": (f"{full['wall_seconds']:.2f} s vs limit {slowest + 1.5:.2f} s (slowest simulated run "
                    f"{slowest:.1f} s = pending {args.pending_seconds} + running {args.running_seconds}; measured on "
                    f"the emulator {full['simulated_run_seconds_max']} s); over the slowest run by "
                    f"{full['wall_seconds'] - slowest:.2f} s")},
        {"target": "c", "name": "at least 5x faster than the baseline", "pass": speedup >= 5,
         "detail": (f"baseline {baseline['wall_seconds']:.2f} s / promote {full['wall_seconds']:.2f} s = "
                    f"{speedup:.2f}x (baseline: {baseline['mode']} mode, polls every {baseline['poll_seconds']} s); a promote "
                    f"taking exactly the slowest simulated run would reach {baseline['wall_seconds'] / slowest:.2f}x")},
    ]


def print_table(full_runs, half_runs, baseline_runs, targets):
    full, half, baseline = median_run(full_runs), median_run(half_runs), median_run(baseline_runs)
    rows = [("", "wall s", "requests", "req/object", "writes", "runs (wall s)")]
    for label, chosen, runs in (
            (f"promote {full['size']['artifacts']}/{full['size']['executions']}/{full['size']['deployments']}", full, full_runs),
            (f"promote {half['size']['artifacts']}/{half['size']['executions']}/{half['size']['deployments']}", half, half_runs),
            (f"baseline {baseline['size']['artifacts']}/{baseline['size']['executions']}/{baseline['size']['deployments']}",
             baseline, baseline_runs)):
        rows.append((label, f"{chosen['wall_seconds']:.2f}", str(chosen["requests"]), f"{chosen['requests_per_object']:.2f}",
                     str(chosen["writes"]), ", ".join(f"{r['wall_seconds']:.2f}" for r in runs)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
    print(f"\nbaseline/promote wall time: {baseline['wall_seconds'] / full['wall_seconds']:.2f}x"
          f"   (median runs; artifacts/executions/deployments)")
    print(f"\npromote {full['size']['objects']} objects, requests by route: "
          + ", ".join(f"{k} {v}" for k, v in full["by_route"].items())
          + f"  (promote's own count: {full['report_requests']})")
    print("promote requests by path: " + ", ".join(f"{k} {v}" for k, v in full["by_path"].items()))
    print("promote wall time by phase (from its progress lines):")
    for name, seconds in full["phases"].items():
        print(f"  {seconds:6.2f} s  {name}")
    objs = full["moments"]["per_object_seconds_from_start_to_reported"]
    if objs:
        print(f"  per object, 'started' until promote reported the wanted status: min {objs[0]:.2f} s, "
              f"median {statistics.median(objs):.2f} s, max {objs[-1]:.2f} s")
    print(f"baseline requests by route: " + ", ".join(f"{k} {v}" for k, v in baseline["by_route"].items()))
    print("baseline wall time by phase: " + ", ".join(f"{k} {v:.2f} s" for k, v in baseline["phases"].items()))
    print()
    for target in targets:
        print(f"target ({target['target']}) {'PASS' if target['pass'] else 'FAIL'}: {target['name']}: {target['detail']}")


def parse_size(text):
    parts = [int(p) for p in text.split("/")]
    if len(parts) != 3 or min(parts) < 1:
        raise argparse.ArgumentTypeError("use ARTIFACTS/EXECUTIONS/DEPLOYMENTS, e.g. 20/20/10")
    return tuple(parts)


def parse_args():
    parser = argparse.ArgumentParser(description="Benchmark promote deploy against a baseline SDK deploy script.")
    parser.add_argument("--binary", required=True, help="the promote binary (release build)")
    parser.add_argument("--workdir", required=True, help="an empty temporary directory for repositories and logs")
    parser.add_argument("--pid-file", required=True, help="where emulator pids are appended (for the caller's trap)")
    parser.add_argument("--out", default="bench-results/deploy.json")
    parser.add_argument("--size", type=parse_size, default=(20, 20, 10), help="artifacts/executions/deployments")
    parser.add_argument("--half-size", type=parse_size, default=None, help="default: half of --size")
    parser.add_argument("--runs", type=int, default=3, help="promote runs per size (the median is reported)")
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--baseline-poll", type=float, default=2.0, help="the baseline's fixed sleep (s)")
    parser.add_argument("--baseline-mode", choices=("batch", "sequential"), default="sequential",
                        help="sequential (default): create one run and follow its logs until it reaches its status "
                             "before creating the next, as deploy scripts do today (SAP's public 'CI/CD with SAP AI "
                             "Core' sample); batch: create every run first, then follow them one after another (a "
                             "stronger baseline than today's scripts; promote is about 2x faster than it)")
    parser.add_argument("--pending-seconds", type=float, default=1.0)
    parser.add_argument("--running-seconds", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=300.0, help="limit per measured run (s)")
    parser.add_argument("--linear-tolerance", type=float, default=0.2,
                        help="target (a): requests per object may differ this much between the two sizes")
    parser.add_argument("--max-non-polling-per-object", type=float, default=3.5,
                        help="target (a): requests per object other than polling ('about 3')")
    args = parser.parse_args()
    if args.half_size is None:
        args.half_size = tuple(max(1, n // 2) for n in args.size)
    return args


def main():
    args = parse_args()

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    try:
        version = subprocess.run([args.binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        full_repo = make_repository(os.path.join(args.workdir, "repo-full"), args.size)
        half_repo = make_repository(os.path.join(args.workdir, "repo-half"), args.half_size)
        full_runs, half_runs, baseline_runs = [], [], []
        for i in range(args.runs):
            log(f"promote deploy, {'/'.join(map(str, args.size))}, run {i + 1}/{args.runs}")
            full_runs.append(measure_promote(args, full_repo, args.size, args.workdir, args.pid_file))
            log(f"  {full_runs[-1]['wall_seconds']:.2f} s, {full_runs[-1]['requests']} requests")
            log(f"promote deploy, {'/'.join(map(str, args.half_size))}, run {i + 1}/{args.runs}")
            half_runs.append(measure_promote(args, half_repo, args.half_size, args.workdir, args.pid_file))
            log(f"  {half_runs[-1]['wall_seconds']:.2f} s, {half_runs[-1]['requests']} requests")
        for i in range(args.baseline_runs):
            log(f"baseline (official SDK, poll {args.baseline_poll} s), {'/'.join(map(str, args.size))}, "
                f"run {i + 1}/{args.baseline_runs}")
            baseline_runs.append(measure_baseline(args, full_repo, args.size, args.workdir, args.pid_file))
            log(f"  {baseline_runs[-1]['wall_seconds']:.2f} s, {baseline_runs[-1]['requests']} requests")
    except BenchError as error:
        log(f"error: {error}")
        return 2
    finally:
        Emulator.stop_all()

    full, half, baseline = median_run(full_runs), median_run(half_runs), median_run(baseline_runs)
    targets = check_targets(args, full, half, baseline)
    print_table(full_runs, half_runs, baseline_runs, targets)
    result = {
        "schema": "promote.bench.deploy/v1",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "promote_version": version, "binary": args.binary,
        "host": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "emulator": {"pending_seconds": args.pending_seconds, "running_seconds": args.running_seconds},
        "setup_note": ("each measured run starts its own emulator; the resource group and the git-sync application "
                       "are created (and synced once) before the request counters are read"),
        "summary": {
            "promote_full": {k: full[k] for k in ("size", "wall_seconds", "requests", "requests_per_object",
                                                  "non_polling_per_object", "polls_per_followed_object")},
            "promote_half": {k: half[k] for k in ("size", "wall_seconds", "requests", "requests_per_object",
                                                  "non_polling_per_object", "polls_per_followed_object")},
            "baseline": {k: baseline[k] for k in ("size", "wall_seconds", "requests", "requests_per_object")},
            "speedup": round(baseline["wall_seconds"] / full["wall_seconds"], 2),
        },
        "targets": targets,
        "promote_full_runs": full_runs, "promote_half_runs": half_runs, "baseline_runs": baseline_runs,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as file:
        json.dump(result, file, indent=2)
        file.write("\n")
    print(f"\nresults: {args.out}")
    failed = [t["target"] for t in targets if not t["pass"]]
    if failed:
        print(f"bench: FAILED target(s) {', '.join(failed)}", file=sys.stderr)
        return 1
    print("bench: all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
