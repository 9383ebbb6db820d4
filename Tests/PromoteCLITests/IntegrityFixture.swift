import Foundation
import TestSupport

/// A gated repository as an attacker finds it: dev (main) → tst, where tst needs one approval by a listed reviewer
/// (Rita), a passing test hook and a successful deploy to dev; a CI record key (the repository's user.signingkey)
/// that stages/allowed_signers lists for records only; a bare origin both branches are pushed to; one change by Ada
/// on main waiting to be promoted.
struct IntegrityFixture {
    static let gates = #"""
        { "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 },
          "tests": [ { "name": "check", "run": "env | sort; test -f train.py", "timeout_seconds": 30 } ],
          "require_deployed_upstream": true }
        """#
    static let content: [String: String?] = [
        "templates/train.yaml": DeployFixtures.training, "templates/serve.yaml": DeployFixtures.serving,
        "cicd/config.json": DeployFixtures.designConfig,
    ]

    let repository: GitFixture
    let origin: GitFixture
    let base: String
    let change: String
    let rita: SSHKey
    let mallory: SSHKey
    let keys: TemporaryDirectory

    init(gates: String = Self.gates) throws {
        keys = TemporaryDirectory("promote-keys")
        rita = try SSHKey.generate("rita@example.com", in: keys)
        mallory = try SSHKey.generate("mallory@example.com", in: keys)
        let made = try GateFixtures.repository(tstGates: gates, signers: [rita.signersLine()], files: Self.content)
        repository = made.fixture
        base = made.base
        change = made.change
        origin = try GitFixture(bare: true)
        try origin.git(["config", "core.logAllRefUpdates", "always"])
        try repository.git(["remote", "add", "origin", origin.path])
        try repository.git(["push", "-q", "origin", "main", "tst"])
        try repository.git(["fetch", "-q", "origin"])
    }

    @discardableResult
    func promote(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessResult {
        try PromoteBinary.run(arguments, in: repository.path, environment: environment)
    }

    /// What origin's `ref` points at ("" when absent).
    func originHead(_ ref: String) throws -> String {
        try Shell.run("git", ["-C", origin.path, "rev-parse", "-q", "--verify", ref]).output
    }

    /// Deploys the change to dev (in-process emulator), as CI does on a push to main: a signed dev deploy record.
    func deployDev() throws {
        let result = try promote(["deploy", "dev", "--target", "emulator"])
        guard result.status == 0 else {
            throw FixtureError.gitFailed(arguments: ["promote deploy dev"], stderr: result.stdout + result.stderr)
        }
    }

    /// Rita approves (or withdraws her approval of) the change for tst.
    func approve(revoke: Bool = false) throws {
        let result = try promote(
            ["approve", "tst", "--key", rita.privateKeyPath, "--commit", change] + (revoke ? ["--revoke"] : []))
        guard result.status == 0 else {
            throw FixtureError.gitFailed(arguments: ["promote approve"], stderr: result.stderr)
        }
    }
}
