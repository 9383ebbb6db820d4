#!/usr/bin/env python3
"""Runs shellcheck (POSIX sh: Jenkins' sh step and GitLab images without bash use /bin/sh) over the shell a CI file
runs: `ci_shellcheck.py gitlab .gitlab-ci.yml` checks each job's before_script + script and its after_script;
`ci_shellcheck.py jenkins MODEL.json` checks every sh step of the models `jenkinsfile_check.groovy --json` printed.
Exit 1 when shellcheck reports anything."""
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gitlab_ci_refs import KEYWORDS, Loader, resolved  # noqa: E402


def gitlab_scripts(path):
    with open(path, encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=Loader)
    jobs = {k: v for k, v in document.items() if k not in KEYWORDS and isinstance(v, dict)}
    default = document.get("default", {})
    for name in jobs:
        if name.startswith("."):
            continue
        job = resolved(jobs, name)
        main = job.get("before_script", default.get("before_script", [])) + job.get("script", [])
        yield f"{path}: {name}: script", "\n".join(main)
        after = job.get("after_script", default.get("after_script", []))
        if after:
            yield f"{path}: {name}: after_script", "\n".join(after)


def jenkins_scripts(path):
    with open(path, encoding="utf-8") as handle:
        models = json.load(handle)

    def walk(node, label):
        if node["name"] == "stage" and node["args"]:
            label = f"stage '{node['args'][0]}'"
        if node["name"] == "sh":
            yield label, node["args"][0] if node["args"] else node["named"]["script"]
        for child in node["children"]:
            yield from walk(child, label)

    for file, model in models.items():
        for label, script in walk(model, "pipeline"):
            yield f"{file}: {label}: sh", script


def main():
    kind, path = sys.argv[1], sys.argv[2]
    scripts = gitlab_scripts(path) if kind == "gitlab" else jenkins_scripts(path)
    failed = False
    count = 0
    for label, script in scripts:
        count += 1
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
            handle.write("#!/bin/sh\n" + script + "\n")
        result = subprocess.run(["shellcheck", "--shell=sh", "--format=gcc", handle.name], capture_output=True,
                                text=True)
        os.unlink(handle.name)
        if result.returncode != 0:
            failed = True
            print(f"{label}:")
            print(result.stdout.replace(handle.name, "  line"), end="")
    print(f"ci_shellcheck: {count} {kind} scripts checked" + (", problems above" if failed else ", clean"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
