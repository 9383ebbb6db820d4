"""`promote.install: release`, executed: the project's cicd/ci.json points release_url at a python http.server on
127.0.0.1 serving the release tarball scripts/package --binary makes of the harness's promote, with its SHA-256 in release_sha256. The jobs' PATH has no promote, so a job that passes ran the one it
downloaded. Then the same tarball name serves other bytes (a tarball of the same layout whose promote would leave a
mark): the checksum must refuse it before anything is unpacked or run. Rows name their CI."""
import glob
import hashlib
import os
import shutil
import subprocess
import tarfile

import github
import gitlab
import jenkins
import outcomes
from world import ROOT, World, run

REFUSED = "promote: the downloaded tarball's SHA-256 is {actual}, expected {expected} " \
          "(promote.release_sha256 in cicd/ci.json); refusing to run it"


def make_world(promote):
    return World(promote, "release", ci_settings=release_settings)


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def package(promote, version, output, scratch):
    """promote-<version>-linux-<arch>.tar.gz and its .sha256 in `output`, made by scripts/package --binary from the
    harness's promote; `scratch` is a directory of its own for what is made on the way."""
    arch = os.uname().machine
    name = f"promote-{version}-linux-{arch}"
    os.makedirs(output, exist_ok=True)
    os.makedirs(scratch)
    # Without its debug symbols: the same program, a fraction of the bytes to pack, download and check.
    stripped = os.path.join(scratch, "promote")
    run(["strip", "-o", stripped, promote])
    run([os.path.join(ROOT, "scripts", "package"), "--binary", stripped, "--version", version, "--output", output],
        cwd=ROOT)
    return os.path.join(output, name + ".tar.gz"), "scripts/package --binary"


def tampered(world, good):
    """A tarball of the same layout and name whose promote, if anything ran it, would leave a mark."""
    name = os.path.basename(good)[:-len(".tar.gz")]
    top = world.path("tampered", name)
    os.makedirs(os.path.join(top, "bin"))
    with open(os.path.join(top, "bin", "promote"), "w") as handle:
        handle.write(f"#!/bin/sh\ntouch '{world.tamper_mark}'\nexit 0\n")
    os.chmod(os.path.join(top, "bin", "promote"), 0o755)
    path = world.path("tampered", os.path.basename(good))
    with tarfile.open(path, "w:gz") as archive:
        archive.add(top, arcname=name)
    return path


def release_settings(world):
    """Packages the harness's promote, serves it on 127.0.0.1 and gives the cicd/ci.json that installs it."""
    version = run([world.promote, "--version"]).stdout.split()[0]
    serving = world.path("releases")
    good, world.packaged_by = package(world.promote, version, os.path.join(serving, version), world.path("package"))
    world.release = {"served": good, "good": world.path("good.tar.gz"), "sha256": sha256(good)}
    shutil.copy(good, world.release["good"])
    with open(good + ".sha256") as handle:
        published = handle.read().split()[0]
    if published != world.release["sha256"]:
        raise RuntimeError(f"{good}.sha256 says {published}, the tarball's SHA-256 is {world.release['sha256']}")
    world.tamper_mark = world.path("the-tampered-promote-ran")
    world.release["tampered"] = tampered(world, good)
    world.release_log = world.path("release-server.log")
    with open(world.release_log, "w") as log:
        server = subprocess.Popen(["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                   "--directory", serving], stdout=subprocess.PIPE, stderr=log, text=True)
    world.processes.append(server)
    port = int(server.stdout.readline().split(" port ")[1].split()[0])
    world.promote_on_path = False
    return {"version": 1, "promote": {
        "install": "release",
        "release_url": f"http://127.0.0.1:{port}/{{version}}/promote-{{version}}-linux-{{arch}}.tar.gz",
        "release_sha256": world.release["sha256"]}}


def serve(world, which):
    shutil.copy(world.release[which], world.release["served"])


def downloads(world):
    name = os.path.basename(world.release["served"])
    with open(world.release_log) as handle:
        return sum(1 for line in handle if f"GET /" in line and name + " HTTP" in line)


def left_behind(world):
    """What a refused job left in its clone or workspace: an unpacked tree, a kept tarball (the refused bytes), the
    tampered promote's mark; and whether the job's .promote/cache was found at all (so that the search looked in
    the right place)."""
    found, looked = [], False
    for folder in world.last_job_dirs:
        looked |= bool(glob.glob(os.path.join(folder, "**", ".promote", "cache"), recursive=True, include_hidden=True))
        for pattern in [(".promote", "release"), (".promote", "cache", "*.tar.gz*")]:
            found += glob.glob(os.path.join(folder, "**", *pattern), recursive=True, include_hidden=True)
    if os.path.exists(world.tamper_mark):
        found.append("the tampered promote's mark")
    return found, looked


def install_facts(world, log, before, cached):
    """How the job got promote, from its log and the server's: (expected, actual)."""
    got = downloads(world) - before
    if "promote: using the cached" in log:
        source = "from the cache, checked"
    elif "promote: downloading http://127.0.0.1" in log:
        source = "downloaded, checked"
    else:
        source = "NOT INSTALLED FROM THE TARBALL"
    expected = "promote from the cache, checked, 0 downloads" if cached else "promote downloaded, checked, 1 download"
    return expected, f"promote {source}, {got} download{'' if got == 1 else 's'}"


def installed_row(world, ci, name, stage, commit, code, log, before, cached=False):
    """A job that installed the served tarball (downloaded, or taken from the cache) and deployed `stage`."""
    expected, actual = install_facts(world, log, before, cached)
    deployed = "deployed" if outcomes.deployed(world, stage, commit) else "not deployed"
    return (ci, name, f"exit 0, {stage} deployed, {expected}", f"exit {code}, {stage} {deployed}, {actual}", log)


def refused_row(world, ci, commit, code, log):
    """A job that downloaded the tampered bytes: it fails with the message, unpacks and runs nothing, deploys nothing."""
    message = REFUSED.format(actual=sha256(world.release["tampered"]), expected=world.release["sha256"])
    left, looked = left_behind(world)
    actual = (f"{'job fails' if code else 'job passes'}, {'message shown' if message in log else 'NO MESSAGE'}, "
              + (f"LEFT {', '.join(left)}" if left else "nothing unpacked or run" if looked else "WORKSPACE NOT FOUND")
              + f", dev {'DEPLOYED' if outcomes.deployed(world, 'dev', commit) else 'not deployed'}")
    return (ci, "the tarball served has other bytes (same name): refused by its SHA-256",
            "job fails, message shown, nothing unpacked or run, dev not deployed", actual, log)


def scenarios(world, venv):
    if shutil.which("promote", path=world.runner_path()):
        raise RuntimeError(f"a promote on the jobs' PATH ({shutil.which('promote', path=world.runner_path())}) "
                           "would hide whether they run the downloaded one")
    results = []

    # GitHub: the first job downloads and caches (actions/cache stand-in), the promotion restores the cache.
    main = world.push_change("main", "train for six epochs", {"CHANGELOG.md": "six epochs\n"})
    before = downloads(world)
    code, log = github.run_event(world, venv, "push", {"ref": "refs/heads/main"}, main, secrets_of=["dev"])
    results.append(installed_row(world, "GitHub", f"push to main: release install (tarball by {world.packaged_by}), "
                                 "deploys dev", "dev", main, code, log, before))
    before = downloads(world)
    code, log = github.run_event(world, venv, "workflow_dispatch",
                                 {"ref": "refs/heads/tst", "inputs": {"from": "dev", "to": "tst", "commit": ""}},
                                 world.origin_rev("tst"), secrets_of=["tst"], actor="bob")
    row = outcomes.promotion_row(world, "", "tst", main, code, log, by="bob (GitHub Actions)")
    expected, actual = install_facts(world, log, before, cached=True)
    results.append(("GitHub", "dispatch dev -> tst: promote from the cache", f"{row[1]}, {expected}",
                    f"{row[2]}, {actual}", log))

    # A cache entry under the checksum's key holding other bytes is not trusted: the tarball is downloaded again.
    entries = glob.glob(os.path.join(world.cache_dir, "*", ".promote", "cache", world.release["sha256"] + ".tar.gz"))
    for entry in entries:
        shutil.copy(world.release["tampered"], entry)
    newer = world.push_change("main", "train with new features", {"FEATURES.md": "new\n"})
    before = downloads(world)
    code, log = github.run_event(world, venv, "push", {"ref": "refs/heads/main"}, newer, secrets_of=["dev"])
    row = installed_row(world, "GitHub", "", "dev", newer, code, log, before)
    results.append(("GitHub", "the cache holds other bytes under the key: downloaded again",
                    "1 cache entry replaced, " + row[2],
                    f"{len(entries)} cache entr{'y' if len(entries) == 1 else 'ies'} replaced, " + row[3], log))

    serve(world, "tampered")
    world.cache_dir = world.path("act-cache-empty")
    refused = world.push_change("main", "a change deployed while the tarball is tampered with", {"T.md": "t\n"})
    code, log = github.run_event(world, venv, "push", {"ref": "refs/heads/main"}, refused, secrets_of=["dev"])
    results.append(refused_row(world, "GitHub", refused, code, log))

    # GitLab and Jenkins: a deploy with the served tarball, then with other bytes under its name.
    serve(world, "good")
    stages = jenkins.model(world)
    for ci, deploy in [
        ("GitLab", lambda commit: gitlab.run_job(world, venv, "deploy-dev", commit, branch="main", secrets_of=["dev"])),
        ("Jenkins", lambda commit: jenkins.run_stage(world, stages, "Deploy dev", commit, "main", secrets_of=["dev"])),
    ]:
        commit = world.push_change("main", f"deployed by {ci}", {f"{ci}.md": "x\n"})
        before = downloads(world)
        code, log = deploy(commit)
        results.append(installed_row(world, ci, "push to main: release install, deploys dev", "dev", commit, code,
                                     log, before))
        serve(world, "tampered")
        refused = world.push_change("main", f"deployed by {ci}, tampered", {f"{ci}.md": "y\n"})
        code, log = deploy(refused)
        results.append(refused_row(world, ci, refused, code, log))
        serve(world, "good")
    return results
