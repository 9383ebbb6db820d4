"""What each scenario checks after a job ran, the same on every CI: the row (scenario, expected, actual, log) is built
from origin's branches and promote's records there, never from the runner's word alone."""


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


def hold_row(world, name, stage, code, log, by, job_ran):
    """A hold of `stage` started from the CI: the job ran, and origin's refs/notes/promote/holds has a record for the
    stage with the exact reason, naming who started it."""
    records = [r for r in world.origin_note_records("holds")
               if stage in r.values() and HOLD_REASON in r.values()]
    recorded_by = records[-1].get("by", "nobody") if records else None
    actual = (f"exit {code}, {'job ran' if job_ran else 'HOLD JOB DID NOT RUN'}, "
              + (f"hold of {stage} recorded on origin, by {recorded_by}" if records else f"NO hold of {stage} on origin"))
    return (name, f"exit 0, job ran, hold of {stage} recorded on origin, by {by}", actual, log)
