#!/usr/bin/env python3
"""Start-up and size of promote as shipped (issue 20). Run it through scripts/bench (`scripts/bench startup`).

Measures, alternating after one unmeasured warm-up run of each, --runs times:
  - `promote --version` (the process starting and exiting: dynamic loading, the Swift runtime, argument parsing);
  - `promote status` in a small repository (three stages, a few commits, no records): start-up plus reading the
    stage files and branches, what every CI job pays before its real work;
  - `git --version` and `git status` in the same repository, the baseline run in the same invocation (printed as
    ratios, so a slow or loaded machine shows as such).
Reports the medians, the binary's size as built and stripped, and the tarball's size (scripts/package's, when
--tarball names it). Targets: each promote median at most --max-startup-ms (20), tarball at most --max-tarball-mb (40).
Writes bench-results/startup.json; exits 1 when a target fails, 2 when the benchmark itself could not run.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

STAGES = {
    "dev": {"version": 1, "name": "dev", "branch": "main", "environment": "dev",
            "aicore": {"resource_group": "bench-dev", "application": "bench-dev", "env_prefix": "AICORE_DEV_"},
            "deploy": {"config": "cicd/config.json"}},
    "tst": {"version": 1, "name": "tst", "branch": "tst", "from": "dev", "environment": "tst",
            "aicore": {"resource_group": "bench-tst", "application": "bench-tst", "env_prefix": "AICORE_TST_"},
            "deploy": {"config": "cicd/config.json"}, "gates": {"approvals": {"required": 1}}},
    "prd": {"version": 1, "name": "prd", "branch": "prd", "from": "tst", "environment": "prd",
            "aicore": {"resource_group": "bench-prd", "application": "bench-prd", "env_prefix": "AICORE_PRD_"},
            "deploy": {"config": "cicd/config.json"}, "gates": {"approvals": {"required": 2}}},
}
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "promote bench", "GIT_AUTHOR_EMAIL": "bench@promote.invalid",
    "GIT_COMMITTER_NAME": "promote bench", "GIT_COMMITTER_EMAIL": "bench@promote.invalid",
}


class BenchError(Exception):
    """The benchmark itself could not run (as opposed to promote missing a target)."""


def git(repo, *args):
    result = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True,
                            env={**os.environ, **GIT_IDENTITY})
    if result.returncode != 0:
        raise BenchError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


def make_repository(path):
    """A small repository with three stages: main (dev) two commits ahead of tst, tst one ahead of prd."""
    os.makedirs(os.path.join(path, "stages"))
    os.makedirs(os.path.join(path, "cicd"))
    os.makedirs(os.path.join(path, "templates"))
    git(path, "init", "-q", "-b", "main")
    for name, stage in STAGES.items():
        with open(os.path.join(path, "stages", f"{name}.json"), "w") as handle:
            json.dump(stage, handle, indent=2)
    with open(os.path.join(path, "cicd", "config.json"), "w") as handle:
        json.dump({"version": 1, "executions": [], "deployments": []}, handle)
    for revision in range(4):
        with open(os.path.join(path, "templates", "train.yaml"), "w") as handle:
            handle.write(f"# revision {revision}\n")
        git(path, "add", "-A")
        git(path, "commit", "-q", "-m", f"Revision {revision}")
        if revision == 1:
            git(path, "branch", "prd")
        if revision == 2:
            git(path, "branch", "tst")


def run_once(command, cwd):
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise BenchError(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-400:]}")
    return elapsed


def measure(commands, runs, cwd):
    """Each command once unmeasured, then `runs` rounds alternating between them. Returns seconds per command."""
    for command in commands.values():
        run_once(command, cwd)
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command, cwd))
    return times


def stripped_size(binary, workdir):
    copy = os.path.join(workdir, "promote-stripped")
    shutil.copyfile(binary, copy)
    if shutil.which("strip") is None:
        return None
    subprocess.run(["strip", copy], check=True)
    return os.path.getsize(copy)


def parse_args():
    parser = argparse.ArgumentParser(description="Start-up time and size of promote as shipped.")
    parser.add_argument("--binary", required=True, help="the promote binary (the release one)")
    parser.add_argument("--tarball", help="scripts/package's tarball, for its size")
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--max-startup-ms", type=float, default=20.0, help="target for each promote median")
    parser.add_argument("--max-tarball-mb", type=float, default=40.0, help="target for the tarball's size")
    parser.add_argument("--out", default="bench-results/startup.json")
    return parser.parse_args()


def main():
    args = parse_args()
    try:
        repo = os.path.join(args.workdir, "repo")
        make_repository(repo)
        promote = os.path.abspath(args.binary)
        commands = {
            "promote --version": [promote, "--version"],
            "promote status": [promote, "status"],
            "git --version": ["git", "--version"],
            "git status": ["git", "status", "--short", "--branch"],
        }
        times = measure(commands, args.runs, repo)
        binary_size = os.path.getsize(promote)
        binary_stripped = stripped_size(promote, args.workdir)
        tarball_size = os.path.getsize(args.tarball) if args.tarball else None
    except (BenchError, OSError, subprocess.SubprocessError) as error:
        print(f"bench startup: {error}", file=sys.stderr)
        return 2

    medians = {name: statistics.median(values) * 1000 for name, values in times.items()}
    p90 = {name: sorted(values)[int(len(values) * 0.9) - 1] * 1000 for name, values in times.items()}
    mb = 1024 * 1024
    print(f"{'command':<20} {'median ms':>10} {'p90 ms':>8} {'vs git':>8}")
    baseline = {"promote --version": "git --version", "promote status": "git status"}
    for name in commands:
        ratio = f"{medians[name] / medians[baseline[name]]:.1f}x" if name in baseline else ""
        print(f"{name:<20} {medians[name]:>10.1f} {p90[name]:>8.1f} {ratio:>8}")
    print(f"binary: {binary_size / mb:.1f} MB as built"
          + (f", {binary_stripped / mb:.1f} MB stripped" if binary_stripped else ""))
    if tarball_size is not None:
        print(f"tarball: {tarball_size / mb:.1f} MB ({os.path.basename(args.tarball)})")

    targets = [
        {"target": "startup-version", "name": f"promote --version median at most {args.max_startup_ms:g} ms",
         "pass": medians["promote --version"] <= args.max_startup_ms,
         "detail": f"{medians['promote --version']:.1f} ms"},
        {"target": "startup-status", "name": f"promote status median at most {args.max_startup_ms:g} ms",
         "pass": medians["promote status"] <= args.max_startup_ms, "detail": f"{medians['promote status']:.1f} ms"},
    ]
    if tarball_size is None:
        print("bench startup: no --tarball; the size target is not checked", file=sys.stderr)
    else:
        targets.append({"target": "tarball-size", "name": f"tarball at most {args.max_tarball_mb:g} MB",
                        "pass": tarball_size <= args.max_tarball_mb * mb, "detail": f"{tarball_size / mb:.1f} MB"})
    for target in targets:
        print(f"target ({target['target']}) {'PASS' if target['pass'] else 'FAIL'}: {target['name']}: "
              f"{target['detail']}")

    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w") as handle:
        json.dump({
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
            "runs": args.runs, "median_ms": medians, "p90_ms": p90,
            "binary_bytes": binary_size, "binary_stripped_bytes": binary_stripped, "tarball_bytes": tarball_size,
            "targets": targets,
        }, handle, indent=2)
        handle.write("\n")
    failed = [target["target"] for target in targets if not target["pass"]]
    if failed:
        print(f"bench: FAILED target(s) {', '.join(failed)}", file=sys.stderr)
        return 1
    print("bench: all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
