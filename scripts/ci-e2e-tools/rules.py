"""bitrab, which evaluates GitLab's `workflow:rules` and `rules:`, over the generated .gitlab-ci.yml: which jobs a
pipeline of each kind starts (bitrab --dry-run; it skips manual jobs, so promotions are not in these lists).
bitrab sets CI_PIPELINE_SOURCE itself, so the pipeline's kind comes from an overlay file that includes the real one."""
import os
import re
import subprocess

from world import git

PIPELINES = [
    ("push to main", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "main"}, "deploy-dev"),
    ("push to tst", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "tst"}, "deploy-tst"),
    ("push to prd", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "prd"}, "deploy-prd"),
    ("merge request into tst", {"CI_PIPELINE_SOURCE": "merge_request_event", "CI_COMMIT_BRANCH": "",
                                "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "tst"}, "merge-request-tst"),
    ("push to a feature branch", {"CI_PIPELINE_SOURCE": "push", "CI_COMMIT_BRANCH": "feature"}, "no pipeline"),
]


def scenarios(world, venv):
    results = []
    path = world.path("clones", "bitrab")
    git("clone", "-q", world.work, path, cwd=world.dir, env=world.git_env)
    for label, variables, expected in PIPELINES:
        overlay = os.path.join(path, ".bitrab-overlay.yml")
        with open(overlay, "w") as handle:
            handle.write("include:\n  - local: .gitlab-ci.yml\nvariables:\n")
            handle.writelines(f'  {key}: "{value}"\n' for key, value in variables.items())
        result = subprocess.run([os.path.join(venv, "bin", "bitrab"), "-c", overlay, "run", "--no-tui", "--serial",
                                 "--dry-run"], cwd=path, capture_output=True, text=True, timeout=120,
                                env=dict(os.environ, NO_COLOR="1", HOME=world.path("home")))
        log = result.stdout + result.stderr
        jobs = re.findall(r"^\s+\[\w+\] ([\w-]+) \(", log, re.MULTILINE)
        actual = ", ".join(jobs) if jobs else ("no pipeline" if result.returncode == 3 else f"exit {result.returncode}")
        results.append((f"rules: {label} starts", expected, actual, log))
    return results
