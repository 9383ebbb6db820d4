"""zizmor (the GitHub Actions security auditor), offline at its regular persona, over the workflow promote generates
for each install mode, and for install: release with report.pages (the GitHub Pages job); one row per workflow: it
must find nothing."""
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
# Settings besides `promote` for some rows: the pages job holds pages: write and id-token: write.
EXTRA = {"release, report.pages": ("release", {"report": {"pages": True}})}


def scenarios(world, venv):
    results = []
    rows = [(mode, mode, {}) for mode in MODES] + [(row, mode, extra) for row, (mode, extra) in EXTRA.items()]
    for row, mode, extra in rows:
        work = tempfile.mkdtemp(prefix=f"audit-{mode}-", dir=world.dir)
        git("clone", "-q", world.work, work, cwd=world.dir, env=world.git_env)
        ci = {"version": 1, "promote": MODES[mode], **extra}
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
        results.append((f"zizmor --offline, install: {row}", "no findings", actual, log))
    return results
