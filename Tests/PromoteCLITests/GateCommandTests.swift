import Foundation
import TestSupport
import Testing

/// `promote approve`, `approvals`, `test` and `gate` run as a user and CI run them.
@Suite struct GateCommandTests {
    static let gates =
        #"{ "approvals": { "required": 1, "ttl_hours": 72 }, "tests": [ { "name": "unit", "run": "echo testing $PROMOTE_COMMIT_SHORT on $PROMOTE_STAGE; test -f train.py" } ] }"#

    private struct Setup {
        let fixture: GitFixture
        let change: String
        let rita: SSHKey
        let ada: SSHKey
        let keys: TemporaryDirectory
    }

    private func setUp(gates: String = Self.gates) throws -> Setup {
        let keys = TemporaryDirectory("promote-keys")
        let rita = try SSHKey.generate("rita@example.com", in: keys)
        let ada = try SSHKey.generate("ada@example.com", in: keys)
        let made = try GateFixtures.repository(tstGates: gates, signers: [rita.signersLine(), ada.signersLine()])
        return Setup(fixture: made.fixture, change: made.change, rita: rita, ada: ada, keys: keys)
    }

    @Test func aPromotionIntoTstStaysBlockedUntilAReviewerApprovesAndTheHooksPass() throws {
        let setup = try setUp()
        let path = setup.fixture.path
        let short = String(setup.change.prefix(7))

        var gate = try PromoteBinary.run(["gate", "tst"], in: path)
        #expect(gate.status == 2)
        #expect(gate.stdout.hasPrefix("tst gates for \(short): BLOCKED\n"))
        #expect(gate.stdout.contains("approvals  BLOCKED  0 of 1 required approval"))
        #expect(gate.stdout.contains("test:unit  BLOCKED  never run on \(short) for tst"))

        let byAuthor = try PromoteBinary.run(["approve", "tst", "--key", setup.ada.privateKeyPath], in: path)
        #expect(byAuthor.status == 1)
        #expect(
            byAuthor.stderr
                == "Error: approval for tst at \(short) not recorded: ada@example.com authored or committed \(short) in the promoted range; tst does not allow authors to approve (allow_authors)\n"
        )

        let approve = try PromoteBinary.run(
            ["approve", "tst", "--key", setup.rita.privateKeyPath, "--comment", "reviewed"], in: path)
        #expect(approve.status == 0, "\(approve.stderr)")
        #expect(approve.stdout.hasPrefix("approved \(short) for tst as rita@example.com (key SHA256:"))
        #expect(approve.stdout.contains("record: kept locally (no remote 'origin')"))
        gate = try PromoteBinary.run(["gate", "tst"], in: path)
        #expect(gate.status == 2)
        #expect(gate.stdout.contains("approvals  pass     1 of 1 required approval (rita@example.com)"))

        let junit = setup.fixture.directory.appending("reports/not-yet-created/junit.xml")
        let test = try PromoteBinary.run(["test", "tst", "--junit", junit], in: path)
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stdout.contains("[unit] testing \(short) on tst\n"))
        #expect(test.stdout.contains("1 of 1 hooks passed on \(short) for tst"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testcase name="unit" classname="promote.tst""#))
        #expect(xml.contains(#"failures="0""#))

        gate = try PromoteBinary.run(["gate", "tst"], in: path)
        #expect(gate.status == 0, "\(gate.stdout)")
        #expect(gate.stdout.hasPrefix("tst gates for \(short): PASS\n"))

        let json = try PromoteBinary.run(["gate", "tst", "--commit", setup.change, "--json"], in: path)
        #expect(json.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["schema"] as? String == "promote.gate/v1" && document["verdict"] as? String == "pass")

        let markdown = try PromoteBinary.run(["gate", "tst", "--markdown"], in: path)
        #expect(markdown.stdout.contains("| `approvals` | pass |"))

        let approvals = try PromoteBinary.run(["approvals", "tst", "--json"], in: path)
        let listing = try #require(
            try JSONSerialization.jsonObject(with: Data(approvals.stdout.utf8)) as? [String: Any])
        #expect(listing["counted"] as? [String] == ["rita@example.com"])

        for output in [gate, approve, byAuthor, test, approvals] {
            #expect(!(output.stdout + output.stderr).contains("PRIVATE KEY"))
        }
        withExtendedLifetime(setup.keys) {}
    }

    @Test func aFailingHookExitsOneAndKeepsTheGateBlocked() throws {
        let setup = try setUp(gates: #"{ "tests": [ { "name": "unit", "run": "echo broken; exit 4" } ] }"#)
        let test = try PromoteBinary.run(["test", "tst"], in: setup.fixture.path)
        #expect(test.status == 1)
        #expect(test.stdout.contains("[unit] broken\n[unit] failed (exit 4, "))
        #expect(test.stdout.contains("0 of 1 hooks passed"))
        let gate = try PromoteBinary.run(["gate", "tst"], in: setup.fixture.path)
        #expect(gate.status == 2)
        #expect(gate.stdout.contains("test:unit  BLOCKED  failed (exit 4"))
    }

    /// A hook is code under test: 200 MB of output without a newline reaches the log in pieces, and promote's
    /// memory stays bounded.
    @Test func aHookPrintingWithoutNewlinesKeepsMemoryBounded() throws {
        let setup = try setUp(
            gates: #"{ "tests": [ { "name": "flood", "run": "head -c 200000000 /dev/zero | tr '\\0' x" } ] }"#)
        let (test, peak) = try PromoteBinary.runMeasuringPeakMemory(
            ["test", "tst"], in: setup.fixture.path, discardingOutput: true)
        #expect(test.status == 0, "\(test.stdout.suffix(500)) \(test.stderr.suffix(500))")
        #expect(peak < 150_000, "promote test peaked at \(peak) KiB")
    }

    @Test func theSigningKeyComesFromGitConfigOrTheErrorSaysHowToSetIt() throws {
        let setup = try setUp()
        // The fixture signs its records with a CI key through user.signingkey; this test is about having none.
        try setup.fixture.git(["config", "--unset", "user.signingkey"])
        let missing = try PromoteBinary.run(["approve", "tst"], in: setup.fixture.path)
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "Error: no signing key: pass --key ~/.ssh/id_ed25519 (your SSH private key) or set it once with 'git config --global user.signingkey ~/.ssh/id_ed25519'\n"
        )
        let absent = try PromoteBinary.run(["approve", "tst", "--key", "/nonexistent/key"], in: setup.fixture.path)
        #expect(absent.stderr.contains("signing key /nonexistent/key does not exist"))

        try setup.fixture.git(["config", "user.signingkey", setup.rita.privateKeyPath])
        let approve = try PromoteBinary.run(["approve", "tst"], in: setup.fixture.path)
        #expect(approve.status == 0, "\(approve.stderr)")
        let revoke = try PromoteBinary.run(["approve", "tst", "--revoke"], in: setup.fixture.path)
        #expect(revoke.stdout.hasPrefix("revoked the approval of"))
        let listing = try PromoteBinary.run(["approvals", "tst"], in: setup.fixture.path)
        #expect(listing.stdout.contains("withdrawn by rita@example.com"))
        withExtendedLifetime(setup.keys) {}
    }

    @Test func approvalsAndResultsReachAnotherCloneThroughOrigin() throws {
        let setup = try setUp()
        let origin = try GitFixture(bare: true)
        try setup.fixture.git(["remote", "add", "origin", origin.path])
        try setup.fixture.git(["push", "-q", "origin", "main", "tst"])
        let approve = try PromoteBinary.run(
            ["approve", "tst", "--key", setup.rita.privateKeyPath], in: setup.fixture.path)
        #expect(approve.stdout.contains("record: pushed to origin"), "\(approve.stderr)")
        let test = try PromoteBinary.run(["test", "tst"], in: setup.fixture.path)
        #expect(test.stdout.contains("results pushed to origin"))

        // CI: a fresh clone that knows nothing but the branches.
        let clone = try GitFixture()
        try clone.git(["remote", "add", "origin", origin.path])
        try clone.git(["fetch", "-q", "origin"])
        try clone.git(["checkout", "-q", "-B", "main", "origin/main"])
        let offline = try PromoteBinary.run(["gate", "tst", "--no-fetch"], in: clone.path)
        #expect(offline.status == 2)
        let gate = try PromoteBinary.run(["gate", "tst"], in: clone.path)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
        withExtendedLifetime(setup.keys) {}
    }

    @Test func aFailingVerifyHookMakesTheDeployExitThreeAndIsRecorded() throws {
        let dev = """
            { "version": 1, "name": "dev", "branch": "main",
              "aicore": { "resource_group": "rg-dev", "application": "app-dev" },
              "deploy": { "config": "cicd/config.json", "timeout_seconds": 60 },
              "gates": { "verify": [ { "name": "smoke", "run": "echo checking $PROMOTE_DEPLOYMENT_URLS; test -z \\"$PROMOTE_DEPLOYMENT_URLS\\"" } ] } }
            """
        let repository = try DeployFixtures.repository(files: ["stages/dev.json": dev])
        let result = try PromoteBinary.run(["deploy", "dev", "--target", "emulator"], in: repository.path)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("[smoke] checking http"))
        #expect(result.stdout.contains("verify hook smoke failed (exit 1"))
        let note = try repository.git(["notes", "--ref", "refs/notes/promote/deployments", "show", "main"])
        #expect(note.contains(#""outcome":"failed""#) && note.contains(#""hook":"smoke""#))
    }

    @Test func everyGateCommandHasHelpWithExamples() throws {
        for command in ["approve", "approvals", "gate", "test"] {
            let help = try PromoteBinary.run([command, "--help"], in: "/")
            #expect(help.status == 0)
            #expect(help.stdout.contains("Examples:"), "\(command)")
        }
    }
}
