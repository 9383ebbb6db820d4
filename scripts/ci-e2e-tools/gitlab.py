"""Runs jobs of the generated .gitlab-ci.yml with gitlabci-local in host mode (-H), in a clone made the way GitLab's
runner makes one (the job token in the remote URL, the pipeline's commit checked out), with the variables GitLab
would set. gitlabci-local ignores `rules:`, so each scenario names the job GitLab's rules would start."""
import os
import subprocess

import outcomes
from world import git


def run_job(world, venv, job, commit, branch=None, token=None, source="push", extra=None, secrets_of=None,
            user="alice"):
    job_token = token or world.write_token
    name = f"gitlab-{job}-{commit[:7]}-{world.job_number()}"
    path = world.path("clones", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    git("clone", "-q", world.authed_url("gitlab-ci-token", job_token), path, cwd=world.dir, env=world.git_env)
    git("checkout", "-q", "--detach", commit, cwd=path, env=world.git_env)
    home = world.path("homes", name)
    os.makedirs(home)
    variables = {
        "GITLAB_CI": "true", "CI": "true", "CI_PIPELINE_SOURCE": source, "CI_COMMIT_SHA": commit,
        "CI_JOB_TOKEN": job_token, "CI_SERVER_PROTOCOL": "http", "CI_SERVER_HOST": "127.0.0.1",
        "CI_SERVER_PORT": str(world.git_port), "CI_PROJECT_PATH": "origin", "CI_PROJECT_DIR": path,
        "GITLAB_USER_LOGIN": user, "GITLAB_USER_NAME": user.capitalize(), "GITLAB_USER_EMAIL": f"{user}@example.com",
        "CI_JOB_URL": f"http://127.0.0.1:{world.git_port}/origin/-/jobs/{abs(hash(name)) % 10000}",
        "E2E_WORLD": world.dir,
    }
    if branch:
        variables["CI_COMMIT_BRANCH"] = branch
    for stage in secrets_of or []:
        variables.update(world.stage_secrets(stage))
        variables["PROMOTE_RECORD_KEY_FILE"] = world.record_keys[stage]
    variables.update(extra or {})
    env = {"PATH": world.runner_path(), "HOME": home, "LANG": "C.UTF-8"}
    env.update(variables)
    arguments = [os.path.join(venv, "bin", "gitlabci-local"), "-H"]
    for key, value in variables.items():
        arguments += ["-e", f"{key}={value}"]
    arguments.append(job)
    world.last_job_dirs = [path, home]
    result = subprocess.run(arguments, cwd=path, env=env, capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


def report_dir(world):
    """Where the last job wrote the report its artifacts keep (promote-report/ in its clone)."""
    return os.path.join(world.last_job_dirs[0], "promote-report")


def scenarios(world, venv):
    """(scenario, expected, actual, log) for each GitLab scenario."""
    results = []
    main = world.push_change("main", "train for six epochs", {"CHANGELOG.md": "six epochs\n"})

    code, log = run_job(world, venv, "deploy-dev", main, branch="main", secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev", "dev", main, code, log))
    results.append(outcomes.report_row(world, "push to main: deploy-dev's artifact promote-report/", report_dir(world), log))

    newer = world.push_change("main", "a later change", {"LATER.md": "later\n"})
    code, log = run_job(world, venv, "promote-tst", main, branch="main", secrets_of=["tst"], user="bob")
    results.append(outcomes.promotion_row(
        world, "manual promotion dev -> tst of its pipeline's commit (main moved on)", "tst", main, code, log,
        by="bob (GitLab CI)", moved_also=world.origin_rev("main") == newer))

    before = world.origin_rev("prd")
    code, log = run_job(world, venv, "promote-prd", main, branch="tst", secrets_of=["prd"])
    results.append(outcomes.refused_row(world, "promotion into prd without approvals", "prd", before, code, log))

    good = world.push_change("feature-good", "tidy the training code", {"NOTES.md": "tidy\n"}, base="tst")
    code, log = run_job(world, venv, "merge-request-tst", good, token=world.read_token, source="merge_request_event",
                        extra={"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "tst", "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": good})
    results.append(("merge request into tst, hooks pass (read-only token)", "exit 0", f"exit {code}", log))
    results.append(outcomes.report_row(world, "merge request into tst: artifact promote-report/ (read-only token)",
                                       report_dir(world), log))

    bad = world.push_change("feature-bad", "break the training code", {"train.py": "print('no constants')\n"}, base="tst")
    code, log = run_job(world, venv, "merge-request-tst", bad, token=world.read_token, source="merge_request_event",
                        extra={"CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "tst", "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA": bad})
    results.append(("merge request into tst, a hook fails", "job fails", "job fails" if code else "job passes", log))

    sneaked = world.push_change("tst", "pushed straight to tst", {"NOTES.md": "around promote\n"})
    code, log = run_job(world, venv, "deploy-tst", sneaked, branch="tst", secrets_of=["tst"])
    results.append(outcomes.bypass_row(world, "tst", sneaked, code, log))
    results.append(outcomes.report_row(world, "direct push to tst, failed at the gate: artifact promote-report/",
                                       report_dir(world), log))

    # The manual job in a pipeline of main, run with the variable set in its run form.
    code, log = run_job(world, venv, "hold:prd", world.origin_rev("main"), branch="main", secrets_of=["prd"],
                        extra={"PROMOTE_REASON": outcomes.HOLD_REASON}, user="carol")
    results.append(outcomes.hold_row(world, "manual job hold:prd in a pipeline of main", "prd", code, log,
                                     by="carol (GitLab CI)", job_ran="promote hold prd" in log))

    line = world.release_line("prd", "INC-42 fixed")
    code, log = run_job(world, venv, "release:prd", world.origin_rev("main"), branch="main", secrets_of=["prd"],
                        extra={"PROMOTE_RELEASE_RECORD": line}, user="carol")
    results.append(outcomes.release_row(world, "manual job release:prd with a line signed elsewhere", "prd", line,
                                        code, log, job_ran="promote release prd" in log))

    # Roll back dev: the later commit of main is deployed first, so that there is an earlier deploy to go back to.
    code, log = run_job(world, venv, "deploy-dev", newer, branch="main", secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev again (a newer commit)", "dev", newer, code, log))
    code, log = run_job(world, venv, "rollback:dev", newer, branch="main", secrets_of=["dev"],
                        extra={"PROMOTE_REASON": outcomes.ROLLBACK_REASON}, user="dave")
    results.append(outcomes.rollback_row(world, "manual job rollback:dev in a pipeline of main", "dev", newer, main,
                                         code, log, by="dave (GitLab CI)", job_ran="promote rollback dev" in log))
    return results
