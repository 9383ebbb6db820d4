"""scripts/ci-e2e's harness: the generated CI files, executed by third-party runners against a world of local
servers (world.py), scenario by scenario; prints CI x scenario x expected x actual and exits 1 on any mismatch.
Run it inside a loopback-only network namespace (scripts/ci-e2e does)."""
import os
import sys

import audit
import github
import gitlab
import jenkins
import release
import rules
from world import World

HERE = os.path.dirname(os.path.abspath(__file__))


def leak_row(world, logs):
    """Whether any secret of the world shows in any job's log, and whether the hook that looks for them ran."""
    text = "\n".join(logs)
    looked = "[reach] --- env" in text and "[reach] --- git config" in text
    leaked = [(label, secret) for label, secret in world.secret_texts() if secret in text]
    shown = "\n".join(line for line in text.splitlines() for _, secret in leaked if secret in line)
    actual = ("hook ran" if looked else "HOOK DID NOT RUN") + (
        ", SHOWN: " + ", ".join(sorted({label for label, _ in leaked})) if leaked else ", no secret shown")
    return ("a test hook dumps env and every git config it reaches", "hook ran, no secret shown", actual, shown)


def main():
    promote, venv = sys.argv[1], sys.argv[2]
    only = sys.argv[3:] or ["audit", "github", "rules", "gitlab", "jenkins", "release"]
    rows = []
    modules = [("GitHub", audit), ("GitHub", github), ("GitLab", rules), ("GitLab", gitlab), ("Jenkins", jenkins),
               (None, release)]
    for module_ci, module in modules:
        if module.__name__ not in only:
            continue
        world = module.make_world(promote) if hasattr(module, "make_world") else World(promote, module.__name__)
        try:
            results = module.scenarios(world, venv)
            if module not in (audit, rules, release):
                results.append(leak_row(world, [log for _, _, _, log in results]))
        finally:
            world.close()
        # A module whose rows span CIs (release) names each row's CI first.
        for row in results:
            ci, (name, expected, actual, log) = (row[0], row[1:]) if module_ci is None else (module_ci, row)
            ok = expected == actual
            rows.append((ci, name, expected, actual, ok))
            if not ok or os.environ.get("PROMOTE_E2E_VERBOSE"):
                print(f"----- {ci}: {name}: log\n{log[-6000:]}\n-----", file=sys.stderr)
    widths = [max(len(str(row[i])) for row in rows + [("CI", "scenario", "expected", "actual", True)]) for i in range(4)]
    print(" | ".join(title.ljust(widths[i]) for i, title in enumerate(["CI", "scenario", "expected", "actual"])) + " | ok")
    print("-+-".join("-" * width for width in widths) + "-+---")
    for row in rows:
        print(" | ".join(str(row[i]).ljust(widths[i]) for i in range(4)) + " | " + ("yes" if row[4] else "NO"))
    failed = [row for row in rows if not row[4]]
    print(f"ci-e2e: {len(rows) - len(failed)} of {len(rows)} scenarios as expected")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
