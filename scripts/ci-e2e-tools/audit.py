"""zizmor (the GitHub Actions security auditor), offline at its regular persona, over the workflow promote generates
for each install mode; one row per mode: it must find nothing."""
import json
import os
import subprocess
import tempfile

from world import git, run

MODES = {
    "release": {"install": "release", "release_sha256": "0" * 64},
    "source": {"install": "source"},
    "command": {"install": "command", "command": "pip install promote-cli"},
    "preinstalled": {"install": "preinstalled"},
}


def scenarios(world, venv):
    results = []
    for mode, settings in MODES.items():
        work = tempfile.mkdtemp(prefix=f"audit-{mode}-", dir=world.dir)
        git("clone", "-q", world.work, work, cwd=world.dir, env=world.git_env)
        ci = {"version": 1, "promote": settings}
        if mode == "preinstalled":
            ci["runner_image"] = "ghcr.io/acme/promote-runner@sha256:" + "0" * 64
        with open(os.path.join(work, "cicd", "ci.json"), "w") as handle:
            json.dump(ci, handle)
        run([world.promote, "ci", "generate"], cwd=work, env=world.git_env)
        result = subprocess.run([os.path.join(venv, "bin", "zizmor"), "--offline", "--no-progress", "--format", "plain",
                                 os.path.join(work, ".github", "workflows", "promote.yml")],
                                capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"))
        log = result.stdout + result.stderr
        findings = [line for line in log.splitlines() if line.startswith(("warning[", "error[", "help[", "info["))]
        actual = "no findings" if result.returncode == 0 and not findings else f"{len(findings)} findings (exit {result.returncode})"
        results.append((f"zizmor --offline, install: {mode}", "no findings", actual, log))
    return results
