#!/usr/bin/env python3
"""Cross-reference checks for .gitlab-ci.yml files that the JSON schema cannot make: every `stage`, `extends`,
`needs` and `dependencies` names something that exists, `needs` never points at a later stage, extends has no
cycle, every job that runs has a script, and `environment:deployment_tier` and `when` take valid values.
Usage: gitlab_ci_refs.py FILE...   Exit 1 when a file has a problem (each printed as FILE: JOB: message)."""
import sys

import yaml

KEYWORDS = {"default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script",
            "after_script", "spec", "pages"}
TIERS = {"production", "staging", "testing", "development", "other"}
WHEN = {"on_success", "on_failure", "always", "manual", "delayed", "never"}


class Loader(yaml.SafeLoader):
    pass


Loader.add_constructor("!reference", lambda loader, node: loader.construct_sequence(node))


def resolved(jobs, name, seen=()):
    """The job with its `extends` merged in (GitLab merges hashes deeply, later entries win)."""
    job = jobs[name]
    parents = job.get("extends", [])
    parents = [parents] if isinstance(parents, str) else parents
    merged = {}
    for parent in parents:
        if parent in jobs and parent not in seen:
            deep_merge(merged, resolved(jobs, parent, seen + (name,)))
    deep_merge(merged, {k: v for k, v in job.items() if k != "extends"})
    return merged


def deep_merge(into, other):
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            deep_merge(into[key], value)
        else:
            into[key] = value


def check(path):
    with open(path, encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=Loader)
    problems = []
    if not isinstance(document, dict):
        return [f"{path}: the file is not a mapping"]
    stages = [".pre"] + document.get("stages", ["build", "test", "deploy"]) + [".post"]
    jobs = {k: v for k, v in document.items() if k not in KEYWORDS and isinstance(v, dict)}
    for key, value in document.items():
        if key not in KEYWORDS and not isinstance(value, dict):
            problems.append(f"{path}: {key}: a job must be a mapping")
    for name in jobs:
        seen, current = [name], jobs[name]
        parents = current.get("extends", [])
        parents = [parents] if isinstance(parents, str) else parents
        for parent in parents:
            if parent not in jobs:
                problems.append(f"{path}: {name}: extends unknown job '{parent}'")
        stack = list(parents)
        while stack:
            parent = stack.pop()
            if parent == name:
                problems.append(f"{path}: {name}: extends itself through a cycle")
                break
            if parent in jobs and parent not in seen:
                seen.append(parent)
                more = jobs[parent].get("extends", [])
                stack.extend([more] if isinstance(more, str) else more)
    visible = {name: resolved(jobs, name) for name in jobs if not name.startswith(".")}
    for name, job in visible.items():
        stage = job.get("stage", "test")
        if stage not in stages:
            problems.append(f"{path}: {name}: stage '{stage}' is not in stages {stages[1:-1]}")
        if "script" not in job and "trigger" not in job:
            problems.append(f"{path}: {name}: has no script")
        for entry in job.get("needs", []) or []:
            needed = entry.get("job") if isinstance(entry, dict) else entry
            if needed not in visible:
                problems.append(f"{path}: {name}: needs unknown job '{needed}'")
                continue
            their = visible[needed].get("stage", "test")
            if their in stages and stage in stages and stages.index(their) > stages.index(stage):
                problems.append(f"{path}: {name}: needs '{needed}' of the later stage '{their}'")
        for needed in job.get("dependencies", []) or []:
            if needed not in visible:
                problems.append(f"{path}: {name}: depends on unknown job '{needed}'")
        environment = job.get("environment")
        if isinstance(environment, dict):
            if "name" not in environment:
                problems.append(f"{path}: {name}: environment has no name")
            tier = environment.get("deployment_tier")
            if tier is not None and tier not in TIERS:
                problems.append(f"{path}: {name}: deployment_tier '{tier}' is not one of {sorted(TIERS)}")
        for index, rule in enumerate(job.get("rules", []) or []):
            if rule.get("when", "on_success") not in WHEN:
                problems.append(f"{path}: {name}: rules[{index}].when '{rule['when']}' is not one of {sorted(WHEN)}")
        if job.get("when", "on_success") not in WHEN:
            problems.append(f"{path}: {name}: when '{job['when']}' is not one of {sorted(WHEN)}")
    return problems


def main():
    problems = [problem for path in sys.argv[1:] for problem in check(path)]
    for problem in problems:
        print(problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
