"""Runs jobs of the generated GitHub workflow with act in host mode (-P ubuntu-latest=-self-hosted): offline, with
local stand-ins for actions/checkout and actions/upload-artifact (actions/), on a copy of the workflow without
`container:` lines (there is no docker engine here), with the event JSON GitHub would send. act evaluates the jobs'
`if:`, so each scenario sends an event and checks which job ran and what it did."""
import glob
import json
import os
import re
import subprocess

import outcomes
from world import git

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
UPLOAD = "actions/upload-artifact@043fb46d1a93c77aae656e7c1c64a875d1fc6a0a"
CACHE = "actions/cache@668228422ae6a00e4ad889ee87cd7109ec5666a7"


def host_variant(world):
    """The workflow as generated, less its `container:` lines (act's host mode cannot run a container)."""
    path = world.path("promote-host.yml")
    with open(os.path.join(world.work, ".github", "workflows", "promote.yml")) as source:
        text = source.read()
    with open(path, "w") as handle:
        handle.write(re.sub(r"(?m)^    container: .*\n", "", text))
    return path


def quoted(value):
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def run_event(world, venv, event, payload, commit, token=None, secrets_of=None, actor="alice", job=None):
    name = f"github-{event}-{commit[:7]}-{world.job_number()}"
    runner = world.path("clones", name)
    os.makedirs(os.path.dirname(runner), exist_ok=True)
    git("clone", "-q", world.origin_url, runner, cwd=world.dir, env=world.token_env())
    git("checkout", "-q", "--detach", commit, cwd=runner, env=world.git_env)  # act's github.sha is this HEAD
    home = world.path("homes", name)
    os.makedirs(home)
    secrets = {"GITHUB_TOKEN": token or world.write_token}
    for stage in secrets_of or []:
        secrets.update(world.stage_secrets(stage))
        secrets["PROMOTE_RECORD_KEY"] = world.record_key_text(stage)
    secret_file = world.path("homes", name + ".secrets")
    with open(secret_file, "w") as handle:
        handle.writelines(f"{key}={quoted(value)}\n" for key, value in secrets.items())
    payload = dict(payload, repository={"full_name": "origin", "name": "origin", "owner": {"login": "promote-e2e"}})
    event_file = world.path("homes", name + ".json")
    with open(event_file, "w") as handle:
        json.dump(payload, handle)
    arguments = [
        os.path.join(venv, "bin", "act"), event, "-e", event_file, "-W", host_variant(world),
        "-P", "ubuntu-latest=-self-hosted", "--action-offline-mode", "--pull=false", "--no-cache-server",
        "--container-daemon-socket", "-", "--action-cache-path", world.path("homes", name + ".act"),
        "--no-skip-checkout", "--secret-file", secret_file, "--actor", actor,
        "--local-repository", f"{CHECKOUT}={os.path.join(HERE, 'actions', 'checkout')}",
        "--local-repository", f"{UPLOAD}={os.path.join(HERE, 'actions', 'upload-artifact')}",
        "--local-repository", f"{CACHE}={os.path.join(HERE, 'actions', 'cache')}",
        "--env", f"ACT_STANDIN_CACHE_DIR={world.cache_dir}",
        "--env", f"GITHUB_SERVER_URL=http://127.0.0.1:{world.git_port}", "--env", "GITHUB_REPOSITORY=origin",
        "--env", f"ACT_STANDIN_ARTIFACT_DIR={world.path('homes', name + '.artifacts')}",
        "--env", f"E2E_WORLD={world.dir}",
    ] + (["-j", job] if job else [])
    env = {"PATH": world.runner_path(), "HOME": home, "LANG": "C.UTF-8",
           "ACT_DISABLE_VERSION_CHECK": "1"}
    world.last_job_dirs = [runner, home, world.path("homes", name + ".act")]  # act's host workspace is in the last
    result = subprocess.run(arguments, cwd=runner, env=env, capture_output=True, text=True, timeout=900,
                            stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout + result.stderr


def ran(log, job_name):
    """Whether act ran the job: its lines start with [promote/<name>], padded to the longest name of the run."""
    return re.search(rf"^\[promote/{re.escape(job_name)} *\]", log, re.MULTILINE) is not None


def report_dir(world, job):
    """Where the upload-artifact stand-in kept the last run's promote-report-<job> artifact (the report's folder)."""
    artifacts = world.last_job_dirs[1] + ".artifacts"
    found = glob.glob(os.path.join(artifacts, "*", f"promote-report-{job}", "promote-report"))
    return found[0] if found else artifacts


def scenarios(world, venv):
    results = []
    main = world.push_change("main", "train for six epochs", {"CHANGELOG.md": "six epochs\n"})

    code, log = run_event(world, venv, "push", {"ref": "refs/heads/main"}, main, secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev", "dev", main, code, log))
    results.append(outcomes.report_row(world, "push to main: artifact promote-report-deploy-dev",
                                       report_dir(world, "deploy-dev"), log))

    # Started from tst's branch: the dispatch's commit is tst's head, its inputs say what to promote.
    tst_head = world.origin_rev("tst")
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/tst", "inputs": {"from": "dev", "to": "tst", "commit": ""}}, tst_head,
                          secrets_of=["tst"], actor="bob")
    results.append(outcomes.promotion_row(
        world, "dispatch dev -> tst, started from tst's branch", "tst", main, code, log, by="bob (GitHub Actions)"))
    results.append(outcomes.report_row(world, "dispatch dev -> tst: artifact promote-report-promote-tst",
                                       report_dir(world, "promote-tst"), log))

    before = world.origin_rev("prd")
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/main", "inputs": {"from": "tst", "to": "prd", "commit": ""}}, main,
                          secrets_of=["prd"])
    results.append(outcomes.refused_row(world, "promotion into prd without approvals", "prd", before, code, log))

    for label, branch, files, expected in [
        ("pull request into tst, hooks pass (read-only token)", "feature-good", {"NOTES.md": "tidy\n"}, "exit 0"),
        ("pull request into tst, a hook fails", "feature-bad", {"train.py": "print('no constants')\n"}, "job fails"),
    ]:
        head = world.push_change(branch, label, files, base="tst")
        payload = {"ref": "refs/pull/1/merge", "pull_request": {"number": 1, "head": {"sha": head, "ref": branch},
                                                                 "base": {"ref": "tst", "sha": world.origin_rev("tst")}}}
        code, log = run_event(world, venv, "pull_request", payload, head, token=world.read_token)
        actual = ("exit 0" if code == 0 else "job fails") if ran(log, "Pull request into tst") else "PR JOB DID NOT RUN"
        results.append((label, expected, actual, log))

    sneaked = world.push_change("tst", "pushed straight to tst", {"NOTES.md": "around promote\n"})
    code, log = run_event(world, venv, "push", {"ref": "refs/heads/tst"}, sneaked, secrets_of=["tst"])
    results.append(outcomes.bypass_row(world, "tst", sneaked, code, log))
    results.append(outcomes.report_row(world, "direct push to tst, failed at the gate: artifact promote-report-deploy-tst",
                                       report_dir(world, "deploy-tst"), log))

    # Started from main's branch, as an operator would from the default branch; only the hold job may run.
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/main",
                           "inputs": {"operation": "hold", "stage": "prd", "reason": outcomes.HOLD_REASON}},
                          world.origin_rev("main"), secrets_of=["prd"], actor="carol")
    others = [job for job in ["Promote tst to prd", "Roll back prd", "Release prd", "Hold tst", "Deploy prd"]
              if ran(log, job)]
    results.append(outcomes.hold_row(world, "dispatch operation hold, stage prd", "prd", code, log,
                                     by="carol (GitHub Actions)", job_ran=ran(log, "Hold prd") and not others))

    # A listed approver signs the release on their own machine; the release job verifies and stores the line.
    line = world.release_line("prd", "INC-42 fixed")
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/main", "inputs": {"operation": "release", "stage": "prd",
                                                                "release_record": line}},
                          world.origin_rev("main"), secrets_of=["prd"], actor="carol")
    results.append(outcomes.release_row(world, "dispatch operation release, stage prd, a signed line", "prd", line,
                                        code, log, job_ran=ran(log, "Release prd") and not ran(log, "Hold prd")))

    # Roll back dev: a newer commit is deployed first, so that there is an earlier deploy to go back to.
    newer = world.push_change("main", "train with new features", {"FEATURES.md": "new\n"})
    code, log = run_event(world, venv, "push", {"ref": "refs/heads/main"}, newer, secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev again (a newer commit)", "dev", newer, code, log))
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/main",
                           "inputs": {"operation": "rollback", "stage": "dev", "reason": outcomes.ROLLBACK_REASON,
                                      "rollback_to": ""}},
                          newer, secrets_of=["dev"], actor="dave")
    results.append(outcomes.rollback_row(world, "dispatch operation rollback, stage dev", "dev", newer, main, code, log,
                                         by="dave (GitHub Actions)", job_ran=ran(log, "Roll back dev")))

    # Set up dev's tenant: the job gets dev's credentials and DEV_HF_TOKEN, which dev's aicore.tenant names.
    code, log = run_event(world, venv, "workflow_dispatch",
                          {"ref": "refs/heads/main", "inputs": {"operation": "setup", "stage": "dev"}},
                          world.origin_rev("main"), secrets_of=["dev"], actor="erin")
    others = [job for job in ["Set up tst", "Roll back dev", "Hold dev", "Deploy dev"] if ran(log, job)]
    results.append(outcomes.setup_row(world, "dispatch operation setup, stage dev", "dev", "hf-token", code, log,
                                      job_ran=ran(log, "Set up dev") and not others))
    return results
