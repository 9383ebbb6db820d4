/// The default stage set (this repository's top-level `stages/`), built into the binary so `promote init` works
/// from any directory. A test checks that these texts equal the files in `stages/`; change both together.
enum DefaultStageFiles {
    static let files: [(name: String, contents: String)] = [
        ("dev.json", #"""
{
  "version": 1,
  "name": "dev",
  "branch": "main",
  "environment": "dev",
  "aicore": { "resource_group": "cicd-dev", "application": "cicd-templates-dev", "env_prefix": "AICORE_DEV_" },
  "deploy": { "config": "cicd/config.json", "overlay": "cicd/config.dev.json", "clean_up": "scenario", "timeout_seconds": 1800 },
  "gates": {
    "tests": [ { "name": "unit", "run": "python -m pytest -q", "timeout_seconds": 600 } ]
  }
}
"""#),
        ("tst.json", #"""
{
  "version": 1,
  "name": "tst",
  "branch": "tst",
  "from": "dev",
  "environment": "tst",
  "aicore": { "resource_group": "cicd-tst", "application": "cicd-templates-tst", "env_prefix": "AICORE_TST_" },
  "deploy": { "config": "cicd/config.json", "overlay": "cicd/config.tst.json", "clean_up": "scenario", "timeout_seconds": 1800 },
  "gates": {
    "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 },
    "tests": [ { "name": "unit", "run": "python -m pytest -q", "timeout_seconds": 600 } ],
    "require_deployed_upstream": true,
    "verify": [ { "name": "smoke", "run": "./scripts/smoke.sh", "timeout_seconds": 120 } ]
  }
}
"""#),
        ("prd.json", #"""
{
  "version": 1,
  "name": "prd",
  "branch": "prd",
  "from": "tst",
  "environment": "prd",
  "aicore": { "resource_group": "cicd-prd", "application": "cicd-templates-prd", "env_prefix": "AICORE_PRD_" },
  "deploy": { "config": "cicd/config.json", "overlay": "cicd/config.prd.json", "clean_up": "scenario", "timeout_seconds": 3600 },
  "gates": {
    "approvals": { "required": 2, "allow_authors": false, "ttl_hours": 72 },
    "tests": [ { "name": "unit", "run": "python -m pytest -q", "timeout_seconds": 600 } ],
    "require_deployed_upstream": true,
    "verify": [ { "name": "smoke", "run": "./scripts/smoke.sh", "timeout_seconds": 120 } ]
  }
}
"""#),
    ]
}
