"""The world the generated CI files run in during scripts/ci-e2e: a project repository made by `promote init` from
the demo's content, a bare origin behind a git smart-HTTP server on 127.0.0.1 that takes a write token and a
read-only token, one `promote emulator` per stage (each stage its own tenant), and a record key per stage.

Everything secret here is random per run, so that a scenario can search every log for it."""
import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STAGES = ["dev", "tst", "prd"]
BRANCHES = {"dev": "main", "tst": "tst", "prd": "prd"}
APPROVER = "olivia@promote.invalid"

# The tst gate: the demo's unit check, and a hook that shows what code under test can reach.
DUMP_HOOK = r"""#!/bin/sh
# What a hostile test hook would look for: its environment, every git configuration it can find.
echo "--- env"; env | sort
echo "--- git config"; git config --list --show-origin 2>&1 || true
for file in "$HOME/.gitconfig" /root/.gitconfig /etc/gitconfig; do [ -r "$file" ] && { echo "--- $file"; cat "$file"; }; done
for dir in /root/.cache/act "$E2E_WORLD" /tmp; do
  [ -d "$dir" ] || continue
  find "$dir" -maxdepth 6 \( -path '*/.git/config' -o -name '.gitconfig' -o -name '.git-credentials' \) 2>/dev/null |
    while read -r file; do echo "--- $file"; cat "$file"; done
done
exit 0
"""


def run(args, cwd=None, env=None, check=True, input=None):
    result = subprocess.run(args, cwd=cwd, env=env, input=input, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {result.returncode}: {result.stderr.strip()}{result.stdout.strip()}")
    return result


def git(*args, cwd, env=None, check=True):
    return run(["git", *args], cwd=cwd, env=env, check=check)


def basic(user, token):
    return "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()


class World:
    def __init__(self, promote, name, ci_settings=None):
        """`ci_settings(world)` gives the project's cicd/ci.json (default: promote from the runner's PATH, the
        harness's build); it runs once the world's directory and git server exist."""
        self.promote = promote
        self.ci_settings = ci_settings or (lambda world: {"version": 1, "promote": {"install": "command",
                                                                                     "command": "command -v promote"}})
        # Whether the jobs find the harness's promote on PATH (not when they must install their own).
        self.promote_on_path = True
        # The directories of the last job run (its clone or workspace, its home), for what it left behind.
        self.last_job_dirs = []
        # The archive of the last Jenkins build (jenkins.py's archiveArtifacts).
        self.last_archive = None
        self.dir = tempfile.mkdtemp(prefix=f"promote-e2e-{name}-")
        # Where the actions/cache stand-in keeps its entries (github.py).
        self.cache_dir = self.path("act-cache")
        self.write_token = "wt-" + secrets.token_hex(12)
        self.read_token = "rt-" + secrets.token_hex(12)
        self.client_secrets = {stage: f"cs-{stage}-" + secrets.token_hex(12) for stage in STAGES}
        # What dev's aicore.tenant names (write_stage_files): its value reaches only the setup job.
        self.tenant_secrets = {"dev": {"DEV_HF_TOKEN": "hf-" + secrets.token_hex(12)}}
        self.processes = []
        self.jobs = 0
        self.git_env = dict(os.environ, GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="ada@example.com",
                            GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="ada@example.com", HOME=self.path("home"))
        os.makedirs(self.path("home"))
        self.make_keys()
        self.make_origin()
        self.make_project()
        self.start_emulators()

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def runner_path(self):
        """PATH for the jobs: the runner's own, with the harness's promote first unless the jobs install one."""
        if not self.promote_on_path:
            return os.environ["PATH"]
        return os.path.dirname(self.promote) + ":" + os.environ["PATH"]

    # -- secrets

    def make_keys(self):
        os.makedirs(self.path("keys"))
        self.record_keys = {}
        for stage in STAGES:
            key = self.path("keys", f"record-{stage}")
            run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"ci-{stage}@promote.invalid", "-f", key])
            self.record_keys[stage] = key
        # A person who may approve prd (and so release its holds); their key never reaches a CI.
        self.approver_key = self.path("keys", "approver")
        run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", APPROVER, "-f", self.approver_key])

    def record_key_text(self, stage):
        with open(self.record_keys[stage]) as handle:
            return handle.read()

    def secret_texts(self):
        """Every secret value and the forms it travels in (a Basic header), named, for the leak check."""
        texts = [("write token", self.write_token), ("read-only token", self.read_token)]
        texts += [(f"{stage} client secret", value) for stage, value in self.client_secrets.items()]
        texts += [(f"{stage} {name}", value) for stage, values in self.tenant_secrets.items()
                  for name, value in values.items()]
        for user in ["x-access-token", "gitlab-ci-token", "oauth2"]:
            for label, token in [("write token", self.write_token), ("read-only token", self.read_token)]:
                texts.append((f"{label} as a Basic header", basic(user, token).split(" ", 1)[1]))
        for stage in STAGES:
            body = "".join(self.record_key_text(stage).splitlines()[1:-1])
            texts.append((f"{stage} record key", body[10:60]))
        return texts

    # -- git

    def make_origin(self):
        os.makedirs(self.path("git"))
        git("init", "-q", "--bare", "-b", "main", self.path("git", "origin.git"), cwd=self.dir)
        git("config", "receive.denyNonFastForwards", "false", cwd=self.path("git", "origin.git"))
        log = self.path("git-requests.log")
        server = subprocess.Popen(
            ["python3", os.path.join(ROOT, "Tests/Fixtures/git_http_server.py"), self.path("git"),
             "token:" + self.write_token, log, "token:" + self.read_token],
            stdout=subprocess.PIPE, text=True, env=dict(os.environ, CHALLENGE_BODY="HTTP Basic: Access denied.\n"))
        self.processes.append(server)
        self.git_port = int(server.stdout.readline().strip())
        self.origin_url = f"http://127.0.0.1:{self.git_port}/origin.git"

    def token_env(self, token=None):
        """git's environment with the write token as a header for this one command (never in a config file, so that
        the hooks' search for tokens finds only what the CI files left)."""
        header = basic("x-access-token", token or self.write_token)
        return dict(self.git_env, GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="http.extraheader",
                    GIT_CONFIG_VALUE_0=f"AUTHORIZATION: {header}")

    def authed_url(self, user, token):
        return f"http://{user}:{token}@127.0.0.1:{self.git_port}/origin.git"

    def origin_rev(self, ref):
        result = git("rev-parse", "-q", "--verify", ref, cwd=self.path("git", "origin.git"), check=False)
        return result.stdout.strip()

    def origin_notes(self, kind, commit):
        result = git("notes", "--ref", f"refs/notes/promote/{kind}", "show", commit,
                     cwd=self.path("git", "origin.git"), check=False)
        return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]

    def origin_note_lines(self, kind):
        """Every line of origin's refs/notes/promote/<kind>, whatever object each note is attached to (the hold
        ledger hangs on a blob naming the stage, not on a commit)."""
        origin = self.path("git", "origin.git")
        listing = git("notes", "--ref", f"refs/notes/promote/{kind}", "list", cwd=origin, check=False).stdout
        lines = []
        for entry in listing.splitlines():
            lines += git("cat-file", "-p", entry.split()[0], cwd=origin).stdout.splitlines()
        return [line for line in lines if line.startswith("{")]

    def origin_note_records(self, kind):
        return [json.loads(line) for line in self.origin_note_lines(kind)]

    def release_line(self, stage, comment):
        """What a listed approver does on their own machine: `promote release <stage> --sign-only` in their clone,
        with their key; the line it prints is what they paste into the CI's release job."""
        path = self.path("authors", "approver-" + secrets.token_hex(4))
        git("clone", "-q", self.origin_url, path, cwd=self.dir, env=self.token_env(self.read_token))
        result = run([self.promote, "release", stage, "--sign-only", "--key", self.approver_key, "--comment", comment],
                     cwd=path, env=dict(self.git_env, PROMOTE_GIT_TOKEN=self.read_token))
        return result.stdout.strip().splitlines()[-1]

    def make_project(self):
        """The demo's content, set up by `promote init` as a user would, with the e2e's gates and CI settings."""
        demo = tempfile.mkdtemp(prefix="demo-", dir=self.dir)
        run([self.promote, "demo"], cwd=demo, env=dict(self.git_env, TMPDIR=demo))
        source = next(os.path.join(demo, name, "churn-model") for name in os.listdir(demo) if name.startswith("promote-demo-"))
        work = self.path("work")
        os.makedirs(work)
        subprocess.run(f"git -C '{source}' archive main | tar -x -C '{work}'", shell=True, check=True)
        shutil.rmtree(demo)
        shutil.rmtree(os.path.join(work, "stages"))
        os.remove(os.path.join(work, "Dockerfile"))
        with open(os.path.join(work, "tests", "dump.sh"), "w") as handle:
            handle.write(DUMP_HOOK)
        git("init", "-q", "-b", "main", cwd=work, env=self.git_env)
        git("add", "-A", cwd=work, env=self.git_env)
        git("commit", "-qm", "churn model", cwd=work, env=self.git_env)
        run([self.promote, "init"], cwd=work, env=self.git_env)
        self.write_stage_files(work)
        os.makedirs(os.path.join(work, "cicd"), exist_ok=True)
        with open(os.path.join(work, "cicd", "ci.json"), "w") as handle:
            # The runners here have no docker to use runner_image with.
            json.dump(self.ci_settings(self), handle)
        run([self.promote, "ci", "generate"], cwd=work, env=self.git_env)
        git("add", "-A", cwd=work, env=self.git_env)
        git("commit", "-qm", "promote: stages and CI files", cwd=work, env=self.git_env)
        run([self.promote, "init"], cwd=work, env=self.git_env)  # creates tst and prd at the stage files
        git("remote", "add", "origin", self.origin_url, cwd=work)
        git("push", "-q", "origin", "main", "tst", "prd", cwd=work, env=self.token_env())
        self.work = work

    def write_stage_files(self, work):
        stages = {
            "dev": {"version": 1, "name": "dev", "branch": "main", "environment": "dev",
                    "aicore": {"resource_group": "churn-dev", "application": "churn-templates-dev", "env_prefix": "AICORE_DEV_",
                               "tenant": {"generic_secrets": [{"name": "hf-token", "data_env": {"token": "DEV_HF_TOKEN"}}]}},
                    "deploy": {"config": "cicd/config.json", "overlay": "cicd/config.dev.json", "timeout_seconds": 120}},
            "tst": {"version": 1, "name": "tst", "branch": "tst", "from": "dev", "environment": "tst",
                    "aicore": {"resource_group": "churn-tst", "application": "churn-templates-tst", "env_prefix": "AICORE_TST_"},
                    "deploy": {"config": "cicd/config.json", "overlay": "cicd/config.tst.json", "timeout_seconds": 120},
                    "gates": {"tests": [{"name": "unit", "run": "sh tests/check.sh", "timeout_seconds": 60},
                                        {"name": "reach", "run": "sh tests/dump.sh", "timeout_seconds": 60,
                                         "env": ["E2E_WORLD"]}],
                              "require_deployed_upstream": True}},
            "prd": {"version": 1, "name": "prd", "branch": "prd", "from": "tst", "environment": "prd",
                    "aicore": {"resource_group": "churn-prd", "application": "churn-templates-prd", "env_prefix": "AICORE_PRD_"},
                    "deploy": {"config": "cicd/config.json", "timeout_seconds": 120},
                    "gates": {"approvals": {"required": 2, "allow_authors": False, "ttl_hours": 72},
                              "require_deployed_upstream": True}},
        }
        for stage, content in stages.items():
            with open(os.path.join(work, "stages", f"{stage}.json"), "w") as handle:
                json.dump(content, handle, indent=2)
        lines = ["# e2e: each stage's CI key signs that stage's records only; one person may approve prd, and never does",
                 "# (so promotions into prd are refused), but releases its holds."]
        for stage in STAGES:
            with open(self.record_keys[stage] + ".pub") as handle:
                key = " ".join(handle.read().split()[:2])
            lines.append(f'ci-{stage}@promote.invalid namespaces="promote-record-{stage}@promote.dev" {key}')
        with open(self.approver_key + ".pub") as handle:
            key = " ".join(handle.read().split()[:2])
        lines.append(f'{APPROVER} namespaces="promote-approval-prd@promote.dev" {key}')
        with open(os.path.join(work, "stages", "allowed_signers"), "w") as handle:
            handle.write("\n".join(lines) + "\n")

    # -- AI Core

    def start_emulators(self):
        self.tenants = {}
        for stage in STAGES:
            process = subprocess.Popen(
                [self.promote, "emulator", "--port", "0", "--client-secret", self.client_secrets[stage],
                 "--repo", self.path("git", "origin.git"), "--state", self.path(f"aicore-{stage}")],
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
            self.processes.append(process)
            exports = {}
            while True:
                line = process.stdout.readline()
                if not line or line.startswith("# promote emulator listening"):
                    break
                if line.startswith("export "):
                    name, _, value = line[len("export "):].strip().partition("=")
                    exports[name] = value
            self.tenants[stage] = exports
            self.create_application(stage, exports)

    def create_application(self, stage, exports):
        token = json.loads(run(["curl", "-sf", "-X", "POST", exports["AICORE_AUTH_URL"], "-d",
                                f"grant_type=client_credentials&client_id={exports['AICORE_CLIENT_ID']}"
                                f"&client_secret={self.client_secrets[stage]}"]).stdout)["access_token"]
        base = exports["AICORE_BASE_URL"]
        for path, body in [
            ("/admin/resourceGroups", {"resourceGroupId": f"churn-{stage}"}),
            ("/admin/applications", {"applicationName": f"churn-templates-{stage}",
                                     "repositoryUrl": self.path("git", "origin.git"),
                                     "revision": BRANCHES[stage], "path": "templates"}),
        ]:
            run(["curl", "-sf", "-X", "POST", base + path, "-H", f"Authorization: Bearer {token}",
                 "-H", "Content-Type: application/json", "-d", json.dumps(body)], check=False)

    def stage_secrets(self, stage):
        """The CI secrets of a stage: its tenant's credentials under its prefix, and what its aicore.tenant names."""
        prefix = f"AICORE_{stage.upper()}_"
        values = dict(self.tenant_secrets.get(stage, {}))
        for name, value in self.tenants[stage].items():
            if name == "AICORE_RESOURCE_GROUP":
                continue
            values[prefix + name[len("AICORE_"):]] = value
        return values

    def generic_secret_names(self, stage):
        """The generic secrets in the stage's resource group, as its tenant (the emulator) lists them."""
        exports = self.tenants[stage]
        token = json.loads(run(["curl", "-sf", "-X", "POST", exports["AICORE_AUTH_URL"], "-d",
                                f"grant_type=client_credentials&client_id={exports['AICORE_CLIENT_ID']}"
                                f"&client_secret={self.client_secrets[stage]}"]).stdout)["access_token"]
        listing = run(["curl", "-sf", exports["AICORE_BASE_URL"] + "/admin/secrets",
                       "-H", f"Authorization: Bearer {token}", "-H", f"AI-Resource-Group: churn-{stage}"],
                      check=False).stdout
        try:
            return [entry.get("name") for entry in json.loads(listing).get("resources", [])]
        except ValueError:
            return []

    # -- changes

    def job_number(self):
        """A number for the next job's clone and home, unique in this world."""
        self.jobs += 1
        return self.jobs

    def push_change(self, branch, message, files, base=None):
        """Commits `files` on top of origin's `base` (default `branch`) and pushes it to `branch`; returns the SHA."""
        path = self.path("authors", secrets.token_hex(4))
        git("clone", "-q", self.origin_url, path, cwd=self.dir, env=self.token_env())
        git("checkout", "-q", "-B", branch, f"origin/{base or branch}", cwd=path, env=self.git_env)
        for name, text in files.items():
            with open(os.path.join(path, name), "w") as handle:
                handle.write(text)
        git("add", "-A", cwd=path, env=self.git_env)
        git("commit", "-qm", message, cwd=path, env=self.git_env)
        git("push", "-q", "-f", "origin", f"HEAD:refs/heads/{branch}", cwd=path, env=self.token_env())
        return git("rev-parse", "HEAD", cwd=path).stdout.strip()

    def close(self):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        if not os.environ.get("PROMOTE_E2E_KEEP"):
            shutil.rmtree(self.dir, ignore_errors=True)
