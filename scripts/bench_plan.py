#!/usr/bin/env python3
"""Benchmark of `promote plan dev tst --json` (issues 5 and 20) against the git CLI pipeline a hand-written script
would run for the same answer. Run it through scripts/bench (`scripts/bench plan`).

It generates a repository with `git fast-import` (default 20,000 commits, 5,000 files, 300 AI Core templates; a few
merged feature branches; dev 500 linear commits ahead of tst, which change 40 templates, the deploy config and
ordinary files), checks out dev, and then measures, after one unmeasured warm-up run of each, --runs rounds of:
  - cold: promote plan dev tst --json --repo REPO (the release binary) with its cache (.git/promote/cache) deleted
    first, as in every CI job's fresh clone;
  - the git pipeline: one bash script running `git merge-base --is-ancestor`, `git rev-list --count`, `git log` of
    the range, `git diff --name-status` over the templates folder and the config files, and one `git show` per
    changed file at each head that has it (one process each, as a shell script does);
  - warm: the same promote plan again, with the cache the cold run left.
Every plan printed, cold or warm, must be byte-identical to the first. Wall time is measured around each child; peak
memory is the child's ru_maxrss from wait4 (for the pipeline: the largest of bash and its git processes). Prints a
table, checks the targets (PASS/FAIL each: warm and cold median against the pipeline's median, peak memory of every
promote run), writes bench-results/plan.json and exits 1 when a target fails (2 when the benchmark itself could not
run).
"""

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time

FROM, TO, PRD = "dev", "tst", "prd"
TEMPLATES = "templates"
CONFIG = "cicd/config.json"
OVERLAY = f"cicd/config.{TO}.json"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "promote bench", "GIT_AUTHOR_EMAIL": "bench@promote.invalid",
    "GIT_COMMITTER_NAME": "promote bench", "GIT_COMMITTER_EMAIL": "bench@promote.invalid",
}
AUTHORS = [(f"{first} {last}", f"{first.lower()}.{last.lower()}@example.com")
           for first, last in (("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper"), ("Edsger", "Dijkstra"),
                               ("Barbara", "Liskov"), ("Donald", "Knuth"), ("Frances", "Allen"), ("Ken", "Thompson"),
                               ("Radia", "Perlman"), ("John", "Backus"), ("Margaret", "Hamilton"),
                               ("Niklaus", "Wirth"))]
START_TIME = 1672531200  # 2023-01-01T00:00:00Z; each commit is 7-40 minutes after the previous one

# The git pipeline: what a script that wants promote's answer from the git CLI runs. $1 repo, $2 from, $3 to,
# $4 output folder, then the config paths. Outputs go to files, as a script keeps them for the comparison.
PIPELINE = r"""
set -euo pipefail
repo=$1 from=$2 to=$3 out=$4 templates=$5
shift 5
cd "$repo"
if git merge-base --is-ancestor "$to" "$from"; then echo yes >"$out/fast-forward"; else echo no >"$out/fast-forward"; fi
git rev-list --count "$to..$from" >"$out/count"
git log --format='%H%x09%an%x09%ae%x09%aI%x09%s' "$to..$from" >"$out/log"
git diff --name-status "$to" "$from" -- "$templates" "$@" >"$out/changed"
shows=0
while IFS=$'\t' read -r status path renamed; do
    flat=${path//\//__}
    case $status in
        A) git show "$from:$path" >"$out/new.$flat"; shows=$((shows + 1)) ;;
        D) git show "$to:$path" >"$out/old.$flat"; shows=$((shows + 1)) ;;
        R* | C*) git show "$to:$path" >"$out/old.$flat"; git show "$from:$renamed" >"$out/new.${renamed//\//__}"
                 shows=$((shows + 2)) ;;
        *) git show "$to:$path" >"$out/old.$flat"; git show "$from:$path" >"$out/new.$flat"; shows=$((shows + 2)) ;;
    esac
done <"$out/changed"
echo "$shows" >"$out/shows"
"""


class BenchError(Exception):
    """The benchmark itself could not run (as opposed to promote missing a target)."""


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The repository


WORDS = ("model", "dataset", "feature", "loader", "metric", "schema", "batch", "vector", "token", "window", "score",
         "sample", "split", "label", "cache", "config", "report", "stream", "index", "matrix")


class Template:
    """One AI Core template's state; `render` writes it the way people write them (fixtures of Tests/TestSupport)."""

    def __init__(self, number, rng):
        self.serving = number % 3 == 2  # 100 serving templates, 200 workflow templates
        self.name = f"{'serve' if self.serving else 'train'}-{number:03d}"
        self.file = f"{TEMPLATES}/{self.name}.yaml"
        self.scenario = f"scenario-{number // 10:02d}"
        self.image = f"docker.io/acme/{self.name}"
        self.tag = f"1.{rng.randrange(10)}.{rng.randrange(20)}"
        self.parameters = [["epochs", str(rng.randrange(1, 20))], ["learning_rate", "0.001"]]
        if self.serving:
            self.parameters = [["greeting", "hello"], ["max_tokens", str(rng.choice((128, 256, 512)))]]
        self.plan = rng.choice(("starter", "basic", "infer.s"))
        self.replicas = rng.randrange(1, 3)
        self.label_version = "1.0"

    def mutate(self, rng):
        """One realistic change; returns a commit subject for it."""
        kind = rng.randrange(6)
        if kind <= 1:
            major, minor, patch = (int(x) for x in self.tag.split("."))
            self.tag = f"{major}.{minor}.{patch + 1}" if kind == 0 else f"{major}.{minor + 1}.0"
            return f"{self.name}: image {self.tag}"
        if kind == 2:
            parameter = rng.choice(self.parameters)
            parameter[1] = str(rng.randrange(1, 1000)) if parameter[1].isdigit() else f"{parameter[1]}x"
            return f"{self.name}: default of {parameter[0]}"
        if kind == 3:
            self.parameters.append([f"{rng.choice(WORDS)}_{len(self.parameters)}", str(rng.randrange(100))])
            return f"{self.name}: add parameter {self.parameters[-1][0]}"
        if kind == 4:
            self.plan = "infer.m" if self.plan != "infer.m" else "starter"
            return f"{self.name}: resource plan {self.plan}"
        if self.serving:
            self.replicas = self.replicas % 3 + 1
            return f"{self.name}: minReplicas {self.replicas}"
        major, minor = self.label_version.split(".")
        self.label_version = f"{major}.{int(minor) + 1}"
        return f"{self.name}: version {self.label_version}"

    def render(self):
        if self.serving:
            parameters = "".join(f"""
      - name: {name}
        default: "{default}"
        type: string""" for name, default in self.parameters)
            env = "".join(f"""
            - name: {name.upper()}
              value: "{{{{inputs.parameters.{name}}}}}\"""" for name, _ in self.parameters)
            return f"""\
# Serving template {self.name}; synced to AI Core by the git-sync application.
apiVersion: ai.sap.com/v1alpha1
kind: ServingTemplate
metadata:
  name: {self.name}
  annotations:
    scenarios.ai.sap.com/name: "Scenario {self.scenario}"
    executables.ai.sap.com/name: "Serving {self.name}"
  labels:
    scenarios.ai.sap.com/id: "{self.scenario}"
    ai.sap.com/version: "{self.label_version}"
spec:
  inputs:
    parameters:{parameters}
    artifacts:
      - name: model
  template:
    apiVersion: "serving.kserve.io/v1beta1"
    metadata:
      annotations: |
        autoscaling.knative.dev/metric: concurrency
        autoscaling.knative.dev/target: 1
      labels: |
        ai.sap.com/resourcePlan: {self.plan}
    spec: |
      predictor:
        minReplicas: {self.replicas}
        maxReplicas: {self.replicas + 2}
        containers:
        - name: kserve-container
          image: {self.image}:{self.tag}
          ports:
            - containerPort: 8080
              protocol: TCP
          env:
            - name: STORAGE_URI
              value: "{{{{inputs.artifacts.model}}}}"{env}
"""
        parameters = "".join(f"""
      - name: {name}
        default: "{default}\"""" for name, default in self.parameters)
        flags = " ".join(f"--{name} {{{{workflow.parameters.{name}}}}}" for name, _ in self.parameters)
        return f"""\
# Training workflow {self.name}; synced to AI Core by the git-sync application.
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: {self.name}
  annotations:
    scenarios.ai.sap.com/name: "Scenario {self.scenario}"
    scenarios.ai.sap.com/description: "Trains the models of {self.scenario}"
    executables.ai.sap.com/name: "Training {self.name}"
    artifacts.ai.sap.com/dataset.kind: "dataset"
    artifacts.ai.sap.com/model.kind: "model"
  labels:
    scenarios.ai.sap.com/id: "{self.scenario}"
    ai.sap.com/version: "{self.label_version}"
spec:
  entrypoint: main
  arguments:
    parameters:{parameters}
  templates:
    - name: main
      metadata:
        labels:
          ai.sap.com/resourcePlan: {self.plan}
      inputs:
        artifacts:
          - name: dataset
            path: /app/data
      outputs:
        artifacts:
          - name: model
            globalName: model
            path: /app/model
      container:
        image: {self.image}:{self.tag}
        command: ["/bin/sh", "-c"]
        args: ["python train.py {flags}"]
"""


def stage_file(name, branch, upstream):
    stage = {"version": 1, "name": name, "branch": branch}
    if upstream:
        stage["from"] = upstream
    stage["aicore"] = {"resource_group": f"bench-{name}", "application": f"bench-templates-{name}"}
    stage["deploy"] = {"config": CONFIG, "overlay": f"cicd/config.{name}.json", "clean_up": "scenario",
                       "timeout_seconds": 1800}
    return json.dumps(stage, indent=2) + "\n"


def deploy_config(templates, revision):
    """A config that deploys a few of the templates (DESIGN.md §3's format, as scripts/bench_deploy.py writes it)."""
    trainings = [t for t in templates if not t.serving][:4]
    servings = [t for t in templates if t.serving][:2]
    return json.dumps({
        "clean_up": True,
        "artifacts": [
            {"key": f"ds-{i}", "name": f"dataset {i}", "kind": "dataset", "url": f"ai://default/bench/ds-{i}.csv",
             "scenario_id": t.scenario} for i, t in enumerate(trainings)
        ] + [
            {"key": f"model-{i}", "name": f"model {i}", "kind": "model", "url": f"ai://default/bench/model-{i}",
             "scenario_id": t.scenario} for i, t in enumerate(servings)
        ],
        "executions": [
            {"configuration": {
                "name": f"{t.name} run", "scenario_id": t.scenario, "executable_id": t.name,
                "parameter_bindings": [{"key": "epochs", "value": str(5 + revision)}],
                "input_artifact_bindings": [{"key": "dataset", "artifact": f"ds-{i}"}]},
             "wait_for_status": "COMPLETED"} for i, t in enumerate(trainings)
        ],
        "deployments": [
            {"configuration": {
                "name": f"{t.name} run", "scenario_id": t.scenario, "executable_id": t.name,
                "parameter_bindings": [{"key": "greeting", "value": f"hello r{revision}"}],
                "input_artifact_bindings": [{"key": "model", "artifact": f"model-{i}"}]},
             "wait_for_status": "RUNNING"} for i, t in enumerate(servings)
        ],
    }, indent=2) + "\n"


def ordinary_paths(count):
    """Code, tests, data and docs, in a few dozen folders."""
    paths = []
    for i in range(count):
        kind = i % 10
        if kind < 5:
            paths.append(f"src/pkg{i % 40:02d}/{WORDS[i % 20]}_{i:04d}.py")
        elif kind < 7:
            paths.append(f"tests/pkg{i % 40:02d}/test_{WORDS[i % 20]}_{i:04d}.py")
        elif kind < 9:
            paths.append(f"data/{WORDS[(i // 7) % 20]}/part-{i:04d}.csv")
        else:
            paths.append(f"docs/{WORDS[i % 20]}/{i:04d}.md")
    return paths


_BODIES = {}


def ordinary_content(path, revision, seed):
    """About 0.5-2 KB of text for the file (the same body each time); its last line changes with each revision."""
    body = _BODIES.get(path)
    if body is None:
        rng = random.Random(f"{path}:{seed}")
        lines = []
        if path.endswith(".csv"):
            lines.append("id,feature_a,feature_b,label")
            lines += [f"{i},{rng.random():.6f},{rng.random():.6f},{rng.randrange(2)}"
                      for i in range(rng.randrange(15, 50))]
        elif path.endswith(".md"):
            lines.append(f"# {path}")
            lines += [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(rng.randrange(8, 30))]
        else:
            lines += [f'"""{path}"""', "import math"]
            for f in range(rng.randrange(3, 12)):
                a, b = rng.choice(WORDS), rng.choice(WORDS)
                lines += [f"def {a}_{b}_{f}(x, y={rng.randrange(100)}):",
                          f"    return math.sqrt(x * x + y) * {f + 1}", ""]
        body = _BODIES[path] = ("\n".join(lines) + "\n").encode()
    if path.endswith(".csv"):
        return body + b"%d,%.6f,0.5,1\n" % (10_000 + revision, revision / 1000)
    if path.endswith(".md"):
        return body + b"Revision %d.\n" % revision
    return body + b"REVISION = %d\n" % revision


class FastImport:
    """Writes git fast-import commands to a running `git fast-import`."""

    def __init__(self, repo):
        self.process = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--done"],
                                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.out = self.process.stdin
        self.marks = 0
        self.time = START_TIME

    def data(self, payload):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, ref, rng, message, files, parent=None, merge=None):
        """files: {path: bytes}. Returns the commit's mark."""
        self.marks += 1
        self.time += rng.randrange(7 * 60, 40 * 60)
        name, email = rng.choice(AUTHORS)
        out = self.out
        out.write(f"commit {ref}\nmark :{self.marks}\n".encode())
        out.write(f"author {name} <{email}> {self.time} +0000\n".encode())
        out.write(f"committer {name} <{email}> {self.time} +0000\n".encode())
        self.data(message.encode())
        if parent:
            out.write(b"from :%d\n" % parent)
        if merge:
            out.write(b"merge :%d\n" % merge)
        for path, content in files.items():
            out.write(f"M 100644 inline {path}\n".encode())
            self.data(content)
        out.write(b"\n")
        return self.marks

    def reset(self, ref, mark):
        self.out.write(f"reset {ref}\nfrom :{mark}\n\n".encode())

    def finish(self):
        self.out.write(b"done\n")
        self.out.close()
        error = self.process.stderr.read().decode()
        if self.process.wait() != 0:
            raise BenchError(f"git fast-import failed: {error[-2000:]}")


def generate_repository(path, args):
    """The repository of the issue; returns facts about it (counts, heads' marks are resolved by name afterwards)."""
    rng = random.Random(args.seed)
    os.makedirs(path)
    run_git(path, "init", "-q", "-b", FROM)
    templates = [Template(n, rng) for n in range(args.templates)]
    fixed = {
        "README.md": b"# bench\n\nA generated repository for the promote plan benchmark.\n",
        ".gitignore": b"__pycache__/\n*.pyc\n",
        **{f"stages/{name}.json": stage_file(name, name, upstream).encode()
           for name, upstream in ((FROM, None), (TO, FROM), (PRD, TO))},
        CONFIG: deploy_config(templates, 0).encode(),
        f"cicd/config.{FROM}.json": b'{ "clean_up": true }\n',
        OVERLAY: b'{ "clean_up": true }\n',
        f"cicd/config.{PRD}.json": b'{ "clean_up": false }\n',
    }
    ordinary = ordinary_paths(args.files - len(fixed) - len(templates))
    initial_files = min(len(ordinary), max(1, len(ordinary) // 2))
    revisions = {}  # ordinary path -> revision
    importer = FastImport(path)

    def touch(path_):
        revisions[path_] = revisions.get(path_, 0) + 1
        return ordinary_content(path_, revisions[path_], args.seed)

    first = {t.file: t.render().encode() for t in templates}
    first.update(fixed)
    for p in ordinary[:initial_files]:
        first[p] = touch(p)
    head = importer.commit(f"refs/heads/{FROM}", rng, "Initial import", first)
    commits = 1
    next_new = initial_files
    # Before tst: the older history, with a merged feature branch every --merge-every commits; new files are added
    # over its first part. The last --ahead commits (dev's lead over tst) are linear.
    older = args.commits - args.ahead
    merges = 0
    prd_mark = None
    while commits < older:
        if args.merge_every and commits % args.merge_every == args.merge_every // 2 and older - commits > 8:
            # A feature branch of 3-5 commits from the current head, merged back after one mainline commit.
            side, side_files = head, {}
            branch = f"refs/heads/feature/{merges + 1:02d}"
            for _ in range(rng.randrange(3, 6)):
                p = rng.choice(ordinary[:next_new])
                side_files[p] = touch(p)
                side = importer.commit(branch, rng, f"{rng.choice(WORDS)}: feature work on {p}", {p: side_files[p]},
                                       parent=side)
                commits += 1
            p = rng.choice(ordinary[:next_new])
            head = importer.commit(f"refs/heads/{FROM}", rng, f"Tweak {p}", {p: touch(p)}, parent=head)
            commits += 1
            merges += 1
            head = importer.commit(f"refs/heads/{FROM}", rng, f"Merge branch 'feature/{merges:02d}'", side_files,
                                   parent=head, merge=side)
            commits += 1
            continue
        files = {}
        if next_new < len(ordinary) and rng.random() < 0.6:
            files[ordinary[next_new]] = touch(ordinary[next_new])
            next_new += 1
        for _ in range(rng.randrange(1, 3)):
            p = rng.choice(ordinary[:next_new])
            files[p] = touch(p)
        subject = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} in {next(iter(files))}"
        if rng.random() < 0.03:
            t = rng.choice(templates)
            subject = t.mutate(rng)
            files[t.file] = t.render().encode()
        head = importer.commit(f"refs/heads/{FROM}", rng, subject, files, parent=head)
        commits += 1
        if prd_mark is None and commits >= older - args.ahead:
            prd_mark = head
    if next_new < len(ordinary):
        raise BenchError(f"only {next_new} of {len(ordinary)} ordinary files were added; use more commits")
    tst_mark = head
    # dev's lead: --ahead linear commits; --changed-templates distinct templates change (a few of them twice), the
    # deploy config and tst's overlay change once each, the other commits change ordinary files.
    changed = rng.sample(templates, args.changed_templates)
    template_changes = changed + rng.sample(changed, len(changed) // 4)
    rng.shuffle(template_changes)
    slots = rng.sample(range(args.ahead), len(template_changes) + 2)
    plan = dict(zip(slots, template_changes))
    config_slot, overlay_slot = slots[-2:]
    for i in range(args.ahead):
        files = {}
        p = rng.choice(ordinary)
        files[p] = touch(p)
        subject = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} in {p}"
        if i in plan:
            subject = plan[i].mutate(rng)
            files[plan[i].file] = plan[i].render().encode()
        elif i == config_slot:
            files[CONFIG] = deploy_config(templates, 1).encode()
            subject = "Deploy config: new run names and epochs"
        elif i == overlay_slot:
            files[OVERLAY] = b'{ "clean_up": false }\n'
            subject = f"{TO}: keep old runs"
        head = importer.commit(f"refs/heads/{FROM}", rng, subject, files, parent=head)
        commits += 1
    importer.reset(f"refs/heads/{TO}", tst_mark)
    importer.reset(f"refs/heads/{PRD}", prd_mark or tst_mark)
    importer.finish()
    return {"merges": merges, "changed_templates": len({t.name for t in template_changes})}


def run_git(repo, *args, capture=False):
    env = dict(os.environ, **GIT_IDENTITY)
    result = subprocess.run(["git", "-C", repo, *args], env=env, timeout=600, text=True,
                            stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise BenchError(f"git {' '.join(args)}: {result.stderr.strip()[-2000:]}")
    return result.stdout.strip() if capture else None


def describe_repository(repo):
    facts = {
        "commits": int(run_git(repo, "rev-list", "--count", "--all", capture=True)),
        "merges": int(run_git(repo, "rev-list", "--count", "--merges", "--all", capture=True)),
        "files_at_dev": len(run_git(repo, "ls-tree", "-r", "--name-only", FROM, capture=True).splitlines()),
        "templates_at_dev": len([line for line in run_git(repo, "ls-tree", "--name-only", f"{FROM}:{TEMPLATES}",
                                                          capture=True).splitlines() if line.endswith(".yaml")]),
        "ahead": int(run_git(repo, "rev-list", "--count", f"{TO}..{FROM}", capture=True)),
        "changed_templates": len(run_git(repo, "diff", "--name-only", TO, FROM, "--", TEMPLATES,
                                         capture=True).splitlines()),
        "packs": len([n for n in os.listdir(os.path.join(repo, ".git", "objects", "pack")) if n.endswith(".pack")]),
        "size_mb": round(sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(repo, ".git"))
                             for f in fs) / 1e6, 1),
    }
    return facts


# ---------------------------------------------------------------------------------------------------------------
# Measured runs


def run_measured(command, timeout, stdout_path, cwd=None, env=None):
    """Runs a command with stdout to a file; returns (exit code, wall seconds, peak RSS in MB, stderr tail). The
    peak is ru_maxrss from wait4 for this child (with its own waited-for children)."""
    with open(stdout_path, "wb") as out:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.PIPE)
        stderr = []
        reader = threading.Thread(target=lambda: stderr.append(process.stderr.read()), daemon=True)
        reader.start()
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait for it again
        reader.join(timeout=10)
    if process.returncode < 0 and wall >= timeout:
        raise BenchError(f"{' '.join(command[:3])} did not finish within {timeout} s")
    tail = b"".join(stderr).decode(errors="replace")[-2000:]
    return process.returncode, wall, usage.ru_maxrss / 1024, tail


def measure_promote(args, repo, workdir, index, cold):
    """One promote plan; `cold` deletes its cache first. Returns the run's numbers and the path of its output."""
    if cold:
        shutil.rmtree(os.path.join(repo, ".git", "promote", "cache"), ignore_errors=True)
    out = os.path.join(workdir, f"plan-{index}.json")
    env = dict(os.environ, **GIT_IDENTITY)
    code, wall, peak, tail = run_measured([args.binary, "plan", FROM, TO, "--json", "--repo", repo], args.timeout,
                                          out, env=env)
    if code != 0:
        raise BenchError(f"promote plan exited with {code}: {tail}")
    with open(out) as file:
        plan = json.load(file)
    return {"wall_seconds": round(wall, 4), "peak_rss_mb": round(peak, 1), "cache": "cold" if cold else "warm",
            "plan": plan_facts(plan)}, out


def plan_facts(plan):
    """What the plan found, to show it saw the same change as the pipeline."""
    executables = plan.get("templates", {}).get("executables", [])
    checks = plan.get("checks") or {}
    problems = checks.get("problems") if isinstance(checks, dict) else None
    return {
        "status": plan.get("branches", {}).get("status"), "ahead": plan.get("branches", {}).get("ahead"),
        "commits": len(plan.get("commits", [])), "executables_changed": len(executables),
        "config_entries_changed": len(plan.get("config", {}).get("entries", [])),
        "check_problems": len(problems) if isinstance(problems, list) else None,
    }


def measure_pipeline(args, repo, workdir, index):
    out = os.path.join(workdir, f"pipeline-{index}")
    os.makedirs(out)
    code, wall, peak, tail = run_measured(
        ["bash", "-c", PIPELINE, "pipeline", repo, FROM, TO, out, TEMPLATES, CONFIG, OVERLAY], args.timeout,
        os.path.join(out, "stdout"), env=dict(os.environ, **GIT_IDENTITY))
    if code != 0:
        raise BenchError(f"the git pipeline exited with {code}: {tail}")
    with open(os.path.join(out, "changed")) as file:
        changed = len(file.read().splitlines())
    with open(os.path.join(out, "shows")) as file:
        shows = int(file.read())
    with open(os.path.join(out, "count")) as file:
        count = int(file.read())
    with open(os.path.join(out, "fast-forward")) as file:
        fast_forward = file.read().strip() == "yes"
    shutil.rmtree(out)
    return {"wall_seconds": round(wall, 4), "peak_rss_mb": round(peak, 1), "changed_files": changed,
            "git_show_processes": shows, "git_processes": 4 + shows, "commits": count, "fast_forward": fast_forward}


# ---------------------------------------------------------------------------------------------------------------
# Report


def run_label(cold):
    return "cold" if cold else "warm"


def median_of(runs, key):
    return statistics.median(r[key] for r in runs)


def check_targets(args, warm_runs, cold_runs, pipeline_runs):
    pipeline = median_of(pipeline_runs, "wall_seconds")

    def time_target(letter, label, runs, limit):
        promote = median_of(runs, "wall_seconds")
        ratio = promote / pipeline
        return {"target": letter, "name": f"promote ({label} cache) at most {limit}x the git pipeline's time",
                "pass": ratio <= limit,
                "detail": (f"median promote {promote * 1000:.0f} ms / median git pipeline {pipeline * 1000:.0f} ms = "
                           f"{ratio:.2f}x (limit {limit}x; the pipeline runs {pipeline_runs[0]['git_processes']} git "
                           "processes)")}

    runs = warm_runs + cold_runs
    peak = max(r["peak_rss_mb"] for r in runs)
    return [
        time_target("a", "warm", warm_runs, args.max_ratio),
        {"target": "b", "name": f"peak memory at most {args.max_rss_mb} MB", "pass": peak <= args.max_rss_mb,
         "detail": (f"largest promote ru_maxrss over {len(runs)} runs (warm and cold): {peak:.1f} MB "
                    f"(limit {args.max_rss_mb} MB)")},
        time_target("c", "cold", cold_runs, args.max_cold_ratio),
    ]


def print_table(repo_facts, generation, warm_runs, cold_runs, pipeline_runs, targets):
    rows = [("", "median ms", "min ms", "max ms", "peak RSS MB", "runs (ms)")]
    for label, runs in (("promote plan dev tst --json, cold cache", cold_runs),
                        ("promote plan dev tst --json, warm cache", warm_runs), ("git pipeline", pipeline_runs)):
        walls = [r["wall_seconds"] * 1000 for r in runs]
        rows.append((label, f"{statistics.median(walls):.0f}", f"{min(walls):.0f}", f"{max(walls):.0f}",
                     f"{max(r['peak_rss_mb'] for r in runs):.1f}", ", ".join(f"{w:.0f}" for w in walls)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    print(f"repository: {repo_facts['commits']} commits ({repo_facts['merges']} merges), {repo_facts['files_at_dev']} "
          f"files and {repo_facts['templates_at_dev']} templates at {FROM}; {FROM} {repo_facts['ahead']} commits ahead "
          f"of {TO}, {repo_facts['changed_templates']} templates changed; {repo_facts['size_mb']} MB in "
          f"{repo_facts['packs']} pack(s); generated in {generation['fast_import_seconds']:.1f} s "
          f"(+ {generation['checkout_seconds']:.1f} s checkout)")
    print()
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)))
    plan, pipeline = cold_runs[0]["plan"], pipeline_runs[0]
    print(f"\npromote saw {plan['commits']} commits ({plan['status']}), {plan['executables_changed']} executables "
          f"changed, {plan['config_entries_changed']} config entries changed, {plan['check_problems']} check problems; "
          f"the pipeline saw {pipeline['commits']} commits, {pipeline['changed_files']} changed files and ran "
          f"{pipeline['git_show_processes']} git show; every cold and warm plan was byte-identical")
    print()
    for target in targets:
        verdict = "PASS" if target["pass"] else "FAIL"
        print(f"target ({target['target']}) {verdict}: {target['name']}: {target['detail']}")


def parse_args():
    parser = argparse.ArgumentParser(description="Benchmark promote plan against the equivalent git CLI pipeline.")
    parser.add_argument("--binary", required=True, help="the promote binary (release build)")
    parser.add_argument("--workdir", required=True, help="an empty temporary directory for the repository and outputs")
    parser.add_argument("--out", default="bench-results/plan.json")
    parser.add_argument("--runs", type=int, default=5,
                        help="measured rounds of cold promote, pipeline and warm promote (medians are reported)")
    parser.add_argument("--commits", type=int, default=20_000)
    parser.add_argument("--files", type=int, default=5_000, help="files at dev's head")
    parser.add_argument("--templates", type=int, default=300)
    parser.add_argument("--ahead", type=int, default=500, help="commits dev is ahead of tst")
    parser.add_argument("--changed-templates", type=int, default=40, help="templates changed in those commits")
    parser.add_argument("--merge-every", type=int, default=2_000,
                        help="a merged feature branch every N commits (0: none)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=300.0, help="limit per measured run (s)")
    parser.add_argument("--max-ratio", type=float, default=0.5, help="target (a): warm promote / pipeline")
    parser.add_argument("--max-rss-mb", type=float, default=100.0, help="target (b): peak memory of any promote run")
    parser.add_argument("--max-cold-ratio", type=float, default=1.0,
                        help="target (c): cold promote (empty cache) / pipeline")
    parser.add_argument("--keep-repo", metavar="DIR", help="also copy the generated repository to DIR (for profiling)")
    args = parser.parse_args()
    if args.changed_templates > args.templates or args.ahead >= args.commits or args.runs < 1:
        parser.error("need --changed-templates <= --templates, --ahead < --commits and --runs >= 1")
    return args


def main():
    args = parse_args()

    def terminate(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    try:
        version = subprocess.run([args.binary, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        repo = os.path.join(args.workdir, "repo-plan")
        log(f"generating the repository ({args.commits} commits, {args.files} files, {args.templates} templates)")
        started = time.monotonic()
        generated = generate_repository(repo, args)
        fast_import = time.monotonic() - started
        started = time.monotonic()
        run_git(repo, "checkout", "-q", "-f", FROM)
        checkout = time.monotonic() - started
        generation = {"fast_import_seconds": round(fast_import, 2), "checkout_seconds": round(checkout, 2), **generated}
        log(f"  generated in {fast_import:.1f} s, checked out in {checkout:.1f} s")
        repo_facts = describe_repository(repo)
        if args.keep_repo:
            shutil.copytree(repo, args.keep_repo, symlinks=True)
        # One unmeasured run of each (page cache, binary loading), then rounds of cold promote, pipeline and warm
        # promote, so that drift hits every side alike. Each cold run deletes promote's content-keyed cache
        # (.git/promote/cache: the template diff and the checks) first, as a fresh clone has none; the warm run
        # after it uses what it wrote. Every plan must be byte-identical to the first.
        _, first = measure_promote(args, repo, args.workdir, "warm-up", cold=True)
        measure_pipeline(args, repo, args.workdir, "warm-up")
        with open(first, "rb") as file:
            expected = file.read()

        def identical_plan(index, cold):
            run, out = measure_promote(args, repo, args.workdir, f"{index}-{run_label(cold)}", cold=cold)
            with open(out, "rb") as file:
                if file.read() != expected:
                    raise BenchError(f"promote plan with a {run_label(cold)} cache (round {index + 1}) printed "
                                     "something else than the first plan")
            return run

        cold_runs, warm_runs, pipeline_runs = [], [], []
        for i in range(args.runs):
            cold_runs.append(identical_plan(i, cold=True))
            pipeline_runs.append(measure_pipeline(args, repo, args.workdir, i))
            warm_runs.append(identical_plan(i, cold=False))
            cold, pipeline, warm = cold_runs[-1], pipeline_runs[-1], warm_runs[-1]
            log(f"run {i + 1}/{args.runs}: promote cold {cold['wall_seconds'] * 1000:.0f} ms "
                f"({cold['peak_rss_mb']:.0f} MB), git pipeline {pipeline['wall_seconds'] * 1000:.0f} ms, "
                f"promote warm {warm['wall_seconds'] * 1000:.0f} ms ({warm['peak_rss_mb']:.0f} MB)")
    except BenchError as error:
        log(f"error: {error}")
        return 2

    targets = check_targets(args, warm_runs, cold_runs, pipeline_runs)
    print_table(repo_facts, generation, warm_runs, cold_runs, pipeline_runs, targets)
    warm, cold = median_of(warm_runs, "wall_seconds"), median_of(cold_runs, "wall_seconds")
    pipeline = median_of(pipeline_runs, "wall_seconds")
    result = {
        "schema": "promote.bench.plan/v2",
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "promote_version": version, "binary": args.binary,
        "git_version": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
        "host": {"platform": platform.platform(), "cpus": os.cpu_count()},
        "repository": repo_facts, "generation": generation,
        "pipeline_script": PIPELINE.strip(),
        "summary": {
            "promote_warm_median_seconds": round(warm, 4), "promote_cold_median_seconds": round(cold, 4),
            "pipeline_median_seconds": round(pipeline, 4),
            "warm_ratio": round(warm / pipeline, 3), "cold_ratio": round(cold / pipeline, 3),
            "promote_warm_peak_rss_mb": max(r["peak_rss_mb"] for r in warm_runs),
            "promote_cold_peak_rss_mb": max(r["peak_rss_mb"] for r in cold_runs),
            "pipeline_peak_rss_mb": max(r["peak_rss_mb"] for r in pipeline_runs),
        },
        "targets": targets, "promote_cold_runs": cold_runs, "promote_warm_runs": warm_runs,
        "pipeline_runs": pipeline_runs,
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
