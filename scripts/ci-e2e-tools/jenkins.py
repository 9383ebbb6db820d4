"""Runs stages of the generated Jenkinsfile the way a Jenkins agent would run them: the declarative structure comes
from scripts/ci-lint-tools/jenkinsfile_check.groovy (--json), and each stage's steps run in order: `lock` runs its
body, `withCredentials` binds what it names (and nothing outside it), `sh` runs `sh -xe` on the script in the
workspace, `post { always }` runs after a failure too, `archiveArtifacts` copies what its pattern matches into the
build's archive (world.last_archive). Jenkins's `when` and `input` are not evaluated (the scenario names the stage
Jenkins would run, and answers its input); junit and `script` blocks (publishHTML) are Jenkins's own."""
import glob
import json
import os
import shutil
import subprocess

import outcomes
from world import ROOT, git

SKIPPED_STEPS = {"junit", "script", "echo"}


def model(world):
    jenkinsfile = os.path.join(world.work, "Jenkinsfile")
    result = subprocess.run(["groovy", os.path.join(ROOT, "scripts/ci-lint-tools/jenkinsfile_check.groovy"), "--json",
                             jenkinsfile], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"jenkinsfile_check.groovy --json {jenkinsfile}: {result.stderr.strip()}")
    root = json.loads(result.stdout)[jenkinsfile]
    stages = next(child for child in root["children"] if child["name"] == "stages")
    return {stage["args"][0]: stage for stage in stages["children"]}


def child(node, name):
    return next((c for c in node.get("children", []) if c["name"] == name), None)


class Build:
    def __init__(self, world, stage, commit, branch, git_token, secrets_of, actor, extra):
        self.world, self.stage = world, stage
        count = world.job_number()
        name = f"jenkins-{stage['args'][0].replace(' ', '-')}-{commit[:7]}-{count}"
        self.workspace = world.path("clones", name)
        os.makedirs(os.path.dirname(self.workspace), exist_ok=True)
        # The Git plugin clones with the credential for the moment of the checkout only.
        git("clone", "-q", world.origin_url, self.workspace, cwd=world.dir, env=world.token_env(git_token))
        git("checkout", "-q", "--detach", commit, cwd=self.workspace, env=world.git_env)
        home = world.path("homes", name)
        os.makedirs(home)
        world.last_job_dirs = [self.workspace, home]
        # Where archiveArtifacts keeps the build's artifacts (Jenkins: the build's "Artifacts").
        self.archive = world.path("archives", name)
        world.last_archive = self.archive
        self.credentials = {"promote-git": {"username": "jenkins", "password": git_token}}
        for stage_name in secrets_of:
            self.credentials[f"promote-record-key-{stage_name}"] = {"file": world.record_keys[stage_name]}
            self.credentials.update({key: {"text": value} for key, value in world.stage_secrets(stage_name).items()})
        self.env = {"PATH": world.runner_path(), "HOME": home,
                    "LANG": "C.UTF-8", "WORKSPACE": self.workspace, "GIT_COMMIT": commit, "JENKINS_URL": "http://127.0.0.1/",
                    "BUILD_ID": str(count), "BUILD_URL": f"http://127.0.0.1/job/origin/job/{branch}/{count}/",
                    "BRANCH_NAME": branch, "E2E_WORLD": world.dir}
        self.env.update(extra)
        for assignment in (child(stage, "environment") or {}).get("children", []):
            name, value = assignment["args"]
            self.env[name] = actor if value == "<promoteActor()>" else value
        self.log = []

    def bind(self, bindings):
        env = {}
        for binding in bindings:
            named = binding["named"]
            credential = self.credentials[named["credentialsId"]]
            if binding["name"] == "usernamePassword":
                env[named["usernameVariable"]] = credential["username"]
                env[named["passwordVariable"]] = credential["password"]
            elif binding["name"] == "file":
                env[named["variable"]] = credential["file"]
            elif binding["name"] == "string":
                env[named["variable"]] = credential["text"]
        return env

    def steps(self, nodes, env):
        for node in nodes:
            name = node["name"]
            if name == "sh":
                result = subprocess.run(["sh", "-xec", node["args"][0]], cwd=self.workspace, env=env,
                                        capture_output=True, text=True, timeout=900)
                self.log.append(result.stdout + result.stderr)
                if result.returncode != 0:
                    self.log.append(f"ERROR: script returned exit code {result.returncode}")
                    return False
            elif name == "withCredentials":
                if not self.steps(node["children"], dict(env, **self.bind(node["args"][0]))):
                    return False
            elif name == "lock":
                if not self.steps(node["children"], env):
                    return False
            elif name == "archiveArtifacts":
                if not self.archive_artifacts(node["named"]):
                    return False
            elif name not in SKIPPED_STEPS:
                raise RuntimeError(f"jenkins.py cannot run step {name}")
        return True

    def archive_artifacts(self, named):
        """Copies the workspace's files that the Ant-style pattern matches (`**` for any folders) into the archive;
        no match fails the step unless allowEmptyArchive, as Jenkins does."""
        files = [path for path in glob.glob(named["artifacts"], root_dir=self.workspace, recursive=True)
                 if os.path.isfile(os.path.join(self.workspace, path))]
        for path in files:
            os.makedirs(os.path.dirname(os.path.join(self.archive, path)), exist_ok=True)
            shutil.copy2(os.path.join(self.workspace, path), os.path.join(self.archive, path))
        self.log.append(f"archiveArtifacts {named['artifacts']}: {len(files)} files")
        if not files and not named.get("allowEmptyArchive"):
            self.log.append("ERROR: No artifacts found that match the file pattern")
            return False
        return True

    def run(self):
        passed = self.steps(child(self.stage, "steps")["children"], self.env)
        always = child(child(self.stage, "post") or {}, "always")
        if always:
            self.steps(always["children"], self.env)
        return (0 if passed else 1), "\n".join(self.log)


def run_stage(world, stages, name, commit, branch, git_token=None, secrets_of=(), actor="", extra=None):
    return Build(world, stages[name], commit, branch, git_token or world.write_token, secrets_of, actor,
                 extra or {}).run()


def scenarios(world, venv):
    stages = model(world)
    results = []
    main = world.push_change("main", "train for six epochs", {"CHANGELOG.md": "six epochs\n"})

    code, log = run_stage(world, stages, "Deploy dev", main, "main", secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev", "dev", main, code, log))
    results.append(outcomes.report_row(world, "push to main: archived promote-report/**",
                                       os.path.join(world.last_archive, "promote-report"), log))

    params = {"PROMOTE_FROM": "dev", "PROMOTE_TO": "tst"}
    newer = world.push_change("main", "a later change", {"LATER.md": "later\n"})
    code, log = run_stage(world, stages, "Promote dev to tst", main, "main", secrets_of=["tst"], actor="bob", extra=params)
    results.append(outcomes.promotion_row(
        world, "build of main with parameters dev -> tst (main moved on)", "tst", main, code, log,
        by="bob (Jenkins)", moved_also=world.origin_rev("main") == newer))

    before = world.origin_rev("prd")
    code, log = run_stage(world, stages, "Promote tst to prd", world.origin_rev("tst"), "tst", secrets_of=["prd"],
                          actor="carol", extra={"PROMOTE_FROM": "tst", "PROMOTE_TO": "prd", "PROMOTE_APPROVER": "carol"})
    results.append(outcomes.refused_row(world, "promotion into prd without approvals", "prd", before, code, log))

    for label, branch, files, expected in [
        ("pull request into tst, hooks pass (read-only token)", "feature-good", {"NOTES.md": "tidy\n"}, "exit 0"),
        ("pull request into tst, a hook fails", "feature-bad", {"train.py": "print('no constants')\n"}, "job fails"),
    ]:
        head = world.push_change(branch, label, files, base="tst")
        code, log = run_stage(world, stages, "Pull request into tst", head, "PR-1", git_token=world.read_token,
                              extra={"CHANGE_TARGET": "tst", "CHANGE_ID": "1"})
        results.append((label, expected, "exit 0" if code == 0 else "job fails", log))

    sneaked = world.push_change("tst", "pushed straight to tst", {"NOTES.md": "around promote\n"})
    code, log = run_stage(world, stages, "Deploy tst", sneaked, "tst", secrets_of=["tst"])
    results.append(outcomes.bypass_row(world, "tst", sneaked, code, log))
    results.append(outcomes.report_row(world, "direct push to tst, failed at the gate: archived promote-report/**",
                                       os.path.join(world.last_archive, "promote-report"), log))

    operation = {"PROMOTE_OPERATION": "hold", "PROMOTE_STAGE": "prd", "PROMOTE_REASON": outcomes.HOLD_REASON,
                 "PROMOTE_ROLLBACK_TO": "", "PROMOTE_RELEASE_RECORD": "", "PROMOTE_FROM": "-", "PROMOTE_TO": "-"}
    code, log = run_stage(world, stages, "Hold prd", world.origin_rev("main"), "main", secrets_of=["prd"],
                          actor="carol", extra=operation)
    results.append(outcomes.hold_row(world, "build of main with parameters hold, prd", "prd", code, log,
                                     by="carol (Jenkins)", job_ran="promote hold prd" in log))

    line = world.release_line("prd", "INC-42 fixed")
    operation.update(PROMOTE_OPERATION="release", PROMOTE_REASON="", PROMOTE_RELEASE_RECORD=line)
    code, log = run_stage(world, stages, "Release prd", world.origin_rev("main"), "main", secrets_of=["prd"],
                          actor="carol", extra=operation)
    results.append(outcomes.release_row(world, "build of main with parameters release, prd, a signed line", "prd",
                                        line, code, log, job_ran="promote release prd" in log))

    # Roll back dev: the later commit of main is deployed first, so that there is an earlier deploy to go back to.
    code, log = run_stage(world, stages, "Deploy dev", newer, "main", secrets_of=["dev"])
    results.append(outcomes.deploy_row(world, "push to main deploys dev again (a newer commit)", "dev", newer, code, log))
    operation.update(PROMOTE_OPERATION="rollback", PROMOTE_STAGE="dev", PROMOTE_REASON=outcomes.ROLLBACK_REASON,
                     PROMOTE_RELEASE_RECORD="")
    code, log = run_stage(world, stages, "Roll back dev", newer, "main", secrets_of=["dev"], actor="dave",
                          extra=operation)
    results.append(outcomes.rollback_row(world, "build of main with parameters rollback, dev", "dev", newer, main,
                                         code, log, by="dave (Jenkins)", job_ran="promote rollback dev" in log))
    return results
