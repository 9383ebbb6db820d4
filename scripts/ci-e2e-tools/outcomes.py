"""What each scenario checks after a job ran, the same on every CI: the row (scenario, expected, actual, log) is built
from origin's branches and promote's records there, never from the runner's word alone."""
import hashlib
import json
import os


def deployed(world, stage, commit):
    return any(r.get("stage") == stage and r.get("outcome") == "succeeded" for r in world.origin_notes("deployments", commit))


def deploy_row(world, name, stage, commit, code, log):
    return (name, f"exit 0, {stage} deployed",
            f"exit {code}, {stage} {'deployed' if deployed(world, stage, commit) else 'not deployed'}", log)


def promotion_row(world, name, stage, commit, code, log, by, moved_also=True):
    """A promotion into `stage` of `commit`: it moved, deployed, and its record names `by`."""
    moved = world.origin_rev(stage) == commit and moved_also
    records = [r for r in world.origin_notes("promotions", commit) if r.get("to") == stage]
    recorded_by = records[-1].get("by") if records else "no record"
    return (name, f"exit 0, {stage} moved, deployed, by {by}",
            f"exit {code}, {stage} {'moved' if moved else 'not moved'}, "
            f"{'deployed' if deployed(world, stage, commit) else 'not deployed'}, by {recorded_by}", log)


def refused_row(world, name, stage, before, code, log):
    refused = "refused" in log or "blocked" in log
    return (name, f"job fails (refused), {stage} unchanged",
            f"{'job fails' if code else 'job passes'}{' (refused)' if refused else ''}, "
            f"{stage} {'unchanged' if world.origin_rev(stage) == before else 'MOVED'}", log)


def bypass_row(world, stage, commit, code, log):
    """A commit pushed straight to the stage's branch: blocked at the gate, not deployed, its test results pushed."""
    any_deploy = any(r.get("stage") == stage for r in world.origin_notes("deployments", commit))
    gate = f"{stage} gates for " in log and "BLOCKED" in log
    tested = bool(world.origin_notes("tests", commit))
    return (f"direct push to {stage}, around promote", "job fails at the gate, not deployed, test results pushed",
            f"{'job fails' if code else 'job passes'}{' at the gate' if gate else ''}, "
            f"{'DEPLOYED' if any_deploy else 'not deployed'}, test results {'pushed' if tested else 'NOT PUSHED'}", log)


# A reason with shell syntax in it: the CI files must hand it to promote as data (through the environment), never
# write it into a script, so the record must keep it byte for byte.
HOLD_REASON = 'incident 42: drift $(echo INJECTED) `id` "quoted" ; exit 7'


ROLLBACK_REASON = 'model v2 misbehaves: $(echo INJECTED) "quoted"'


def hold_row(world, name, stage, code, log, by, job_ran):
    """A hold of `stage` started from the CI: the job ran, and origin's refs/notes/promote/holds has a record for the
    stage with the exact reason, naming who started it."""
    records = [r for r in world.origin_note_records("holds")
               if r.get("kind") == "hold" and r.get("stage") == stage and r.get("reason") == HOLD_REASON]
    recorded_by = records[-1].get("by", "nobody") if records else None
    actual = (f"exit {code}, {'job ran' if job_ran else 'HOLD JOB DID NOT RUN'}, "
              + (f"hold of {stage} recorded on origin, by {recorded_by}" if records else f"NO hold of {stage} on origin"))
    return (name, f"exit 0, job ran, hold of {stage} recorded on origin, by {by}", actual, log)


def release_row(world, name, stage, line, code, log, job_ran):
    """The CI's release job stored the line a listed approver signed elsewhere: origin's ledger has that very line,
    and it lifts the hold placed before (it names that hold's ID, the first 16 hex digits of its line's SHA-256)."""
    lines = world.origin_note_lines("holds")
    holds = [hashlib.sha256(entry.encode()).hexdigest()[:16] for entry in lines
             if json.loads(entry).get("kind") == "hold" and json.loads(entry).get("stage") == stage]
    stored = line in lines
    lifts = stored and bool(holds) and set(holds) <= set(json.loads(line).get("releases", []))
    actual = (f"exit {code}, {'job ran' if job_ran else 'RELEASE JOB DID NOT RUN'}, "
              f"{'signed release stored on origin' if stored else 'NO release on origin'}"
              f"{', lifts the hold' if lifts else ', does NOT lift the hold' if stored else ''}")
    return (name, "exit 0, job ran, signed release stored on origin, lifts the hold", actual, log)


def rollback_row(world, name, stage, current, earlier, code, log, by, job_ran):
    """A rollback of `stage` started from the CI: origin's hold ledger records it from `current` back to `earlier`
    (the deploy before the current one, which promote picks without --to), with the exact reason and who started it,
    and `earlier` has a new successful deploy record of the stage."""
    records = [r for r in world.origin_note_records("holds")
               if r.get("kind") == "rollback" and r.get("stage") == stage and r.get("reason") == ROLLBACK_REASON]
    deploys = [r for r in world.origin_notes("deployments", earlier) if r.get("stage") == stage
               and r.get("outcome") == "succeeded"]
    if records:
        record = records[-1]
        moved = ("to the deploy before" if record.get("to") == earlier and record.get("from") == current
                 else f"from {str(record.get('from'))[:7]} to {str(record.get('to'))[:7]}")
        recorded = f"rollback of {stage} {moved} recorded on origin, by {record.get('by')}"
    else:
        recorded = f"NO rollback of {stage} on origin"
    actual = (f"exit {code}, {'job ran' if job_ran else 'ROLLBACK JOB DID NOT RUN'}, {recorded}, "
              f"{len(deploys)} deploys of the earlier commit")
    return (name, f"exit 0, job ran, rollback of {stage} to the deploy before recorded on origin, by {by}, "
                  "2 deploys of the earlier commit", actual, log)


def setup_row(world, name, stage, secret, code, log, job_ran):
    """A setup of `stage` started from the CI: the job ran alone and the stage's tenant now holds the generic secret
    its aicore.tenant declares."""
    held = secret in world.generic_secret_names(stage)
    actual = (f"exit {code}, {'job ran' if job_ran else 'SETUP JOB DID NOT RUN (or not alone)'}, "
              + (f"{stage}'s tenant holds {secret}" if held else f"{stage}'s tenant LACKS {secret}"))
    return (name, f"exit 0, job ran, {stage}'s tenant holds {secret}", actual, log)


REPORT_FILES = ("index.html", "report.json")


def report_row(world, name, directory, log):
    """What a job kept of promote's report (the GitHub artifact, GitLab's artifact path, Jenkins's archive): index.html
    and report.json of schema promote.report/v1, holding none of the run's secrets."""
    kept = [file for file in REPORT_FILES if directory and os.path.isfile(os.path.join(directory, file))]
    text = ""
    for file in kept:
        with open(os.path.join(directory, file), encoding="utf-8", errors="replace") as handle:
            text += handle.read()
    schema = "promote.report/v1" in text
    leaked = sorted({label for label, secret in world.secret_texts() if secret in text})
    if len(kept) == len(REPORT_FILES):
        actual = f"index.html and report.json kept{'' if schema else ' (NOT promote.report/v1)'}"
    else:
        actual = "kept: " + (", ".join(kept) or "NO REPORT") + f" (looked in {directory})"
    actual += ", SECRETS IN IT: " + ", ".join(leaked) if leaked else ", no secret in it"
    return (name, "index.html and report.json kept, no secret in it", actual, log)
