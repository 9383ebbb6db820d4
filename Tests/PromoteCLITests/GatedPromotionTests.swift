import Foundation
import TestSupport
import Testing

/// The issue's "done when": a promotion into tst stays blocked until a listed approver who did not author the change
/// signs it for that exact commit and the hooks pass on that exact commit.
@Suite struct GatedPromotionTests {
    /// Templates and a deploy config that pass the static checks, so only the gates decide.
    static let content: [String: String?] = [
        "templates/train.yaml": DeployFixtures.training, "templates/serve.yaml": DeployFixtures.serving,
        "cicd/config.json": DeployFixtures.designConfig,
    ]

    @Test func blockedUntilAnIndependentApproverSignsAndTheHooksPass() throws {
        let keys = TemporaryDirectory("promote-keys")
        let rita = try SSHKey.generate("rita@example.com", in: keys)
        let ada = try SSHKey.generate("ada@example.com", in: keys)
        let gates = #"""
            { "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 },
              "tests": [ { "name": "has-training", "run": "test -f train.py", "timeout_seconds": 30 } ] }
            """#
        let (fixture, _, change) = try GateFixtures.repository(
            tstGates: gates, signers: [rita.signersLine(), ada.signersLine()], files: Self.content)

        // No approval yet: refused, and the unreviewed commit's hook did not run.
        let blocked = try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: fixture.path)
        #expect(blocked.status == 2, "\(blocked.stdout)\(blocked.stderr)")
        #expect(blocked.stderr.contains("gate of tst: approvals: BLOCKED"))
        #expect(blocked.stdout.contains("not running tst's test hooks on \(change.prefix(7)) yet: its approvals do not pass"))
        #expect(!blocked.stdout.contains("[has-training]"))
        #expect(try fixture.git(["rev-parse", "tst"]) != change)

        // Ada authored the change: her approval does not count.
        let selfApproval = try PromoteBinary.run(
            ["approve", "tst", "--key", ada.privateKeyPath, "--commit", change], in: fixture.path)
        #expect(selfApproval.status != 0)
        let stillBlocked = try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: fixture.path)
        #expect(stillBlocked.status == 2)

        // Rita signs for that exact commit: the gate opens and the promotion goes through.
        let approved = try PromoteBinary.run(
            ["approve", "tst", "--key", rita.privateKeyPath, "--commit", change, "--comment", "looks good"],
            in: fixture.path)
        #expect(approved.status == 0, "\(approved.stderr)")
        let gate = try PromoteBinary.run(["gate", "tst", "--commit", change, "--no-fetch"], in: fixture.path)
        #expect(gate.status == 2 && gate.stdout.contains("test:has-training  BLOCKED  never run"), "\(gate.stdout)")
        // Now the hook runs (its signed result opens the gate) and the promotion goes through.
        let promoted = try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: fixture.path)
        #expect(promoted.status == 0, "\(promoted.stdout)\(promoted.stderr)")
        #expect(promoted.stdout.contains("[has-training] passed"))
        #expect(try fixture.git(["rev-parse", "tst"]) == change)
        let after = try PromoteBinary.run(["gate", "tst", "--commit", change, "--no-fetch"], in: fixture.path)
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
    }

    @Test func aFailingHookBlocksThePromotion() throws {
        let keys = TemporaryDirectory("promote-keys")
        let rita = try SSHKey.generate("rita@example.com", in: keys)
        let gates = #"""
            { "tests": [ { "name": "never-passes", "run": "echo nope; exit 1", "timeout_seconds": 30 } ] }
            """#
        let (fixture, base, _) = try GateFixtures.repository(tstGates: gates, signers: [rita.signersLine()], files: Self.content)
        let result = try PromoteBinary.run(["dev", "tst", "--yes", "--no-deploy"], in: fixture.path)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("[never-passes] nope"))
        #expect(result.stderr.contains("gate of tst: tests: BLOCKED") || result.stderr.contains("never-passes"))
        #expect(try fixture.git(["rev-parse", "tst"]) == base)
    }
}
