import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// Test and deploy records count only when a key that tst's allowed_signers lists for records signed exactly them
/// (issue: "Records that gates rely on are unsigned or erasable").
@Suite struct SignedRecordTests {
    static let gates = #"{ "tests": [ { "name": "unit", "run": "true" } ], "require_deployed_upstream": true }"#

    /// A passing test record for the harness's change, as promote writes it (sorted keys, compact).
    static func testLine(_ harness: GateHarness, outcome: String = "passed") throws -> String {
        let stages = try harness.stages()
        let digest = try #require(stages["tst"]?.gates.tests.first?.digest)
        return #"{"by":"x","commit":"\#(harness.change.hex)","digest":"\#(digest)","duration_seconds":0.1,"exit_code":0,"finished_at":"2026-01-01T00:00:00Z","hook":"unit","kind":"test","outcome":"\#(outcome)","stage":"tst","started_at":"2026-01-01T00:00:00Z"}"#
    }

    private func storeTest(_ harness: GateHarness, _ line: String) throws {
        try GateFixtures.appendNote(
            harness.fixture, ref: TestRecord.notesRef, commit: harness.change.hex, line: line)
    }

    @Test func handWrittenForeignOrEditedTestRecordsDoNotCount() throws {
        let harness = try GateHarness(tstGates: Self.gates)
        let ci = try GateFixtures.recordKey(harness.fixture)
        try storeTest(harness, try Self.testLine(harness))
        var gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(gate.tests?.first?.reason.hasPrefix("unsigned; tst requires signed records") == true)

        // Signed by Mallory, whom allowed_signers does not list.
        try storeTest(harness, try GateFixtures.sign(try Self.testLine(harness), stage: "tst", key: try harness.key("mallory")))
        gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(gate.tests?.last?.reason.contains("does not list by name") == true, "\(gate.tests ?? [])")

        // Signed by CI's key as a failure, then edited to say it passed.
        let failed = try GateFixtures.sign(try Self.testLine(harness, outcome: "failed"), stage: "tst", key: ci)
        try storeTest(harness, failed.replacingOccurrences(of: #""outcome":"failed""#, with: #""outcome":"passed""#))
        gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .blocked)
        #expect(gate.tests?.last?.reason.hasPrefix("bad signature") == true)

        // Signed by CI's key for dev's records, copied to tst: the namespace says which stage it speaks for.
        try storeTest(harness, try GateFixtures.sign(try Self.testLine(harness), stage: "tst", key: ci, namespaceStage: "dev"))
        #expect(try harness.evaluate().gate("test:unit").verdict == .blocked)

        // Signed by CI's key, unchanged: counts, and says who signed it.
        try storeTest(harness, try GateFixtures.sign(try Self.testLine(harness), stage: "tst", key: ci))
        gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .pass)
        #expect(gate.tests?.last?.signer == GateFixtures.recordSigner)
    }

    @Test func handWrittenDeployRecordsDoNotOpenTheUpstreamGate() throws {
        let harness = try GateHarness(tstGates: Self.gates)
        try GateFixtures.recordDeploy(harness.fixture, stage: "dev", commit: harness.change.hex)
        var gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.contains("does not count: unsigned"))
        try GateFixtures.recordDeploy(
            harness.fixture, stage: "dev", commit: harness.change.hex, signedWith: try harness.key("mallory"))
        #expect(try harness.evaluate().gate("deployed_upstream").verdict == .blocked)
        // A stage may say it does not need signed records (its own rules, on its branch).
        try harness.commitOnTst(
            "Unsigned records are fine here",
            files: [
                "stages/tst.json": GateFixtures.stage(
                    "tst", branch: "tst", from: "dev",
                    gates: #"{ "require_deployed_upstream": true, "signed_records": false }"#)
            ])
        gate = try harness.evaluate().gate("deployed_upstream")
        #expect(gate.verdict == .pass, "\(gate.reason)")
    }

    /// What promote writes verifies: a record made through `promote test` with the fixture's record key counts.
    /// One CI key listed on two lines, for dev's records under one name and tst's under another: the record of tst
    /// counts under the second name (`ssh-keygen -Y find-principals` alone reports only the first line).
    @Test func aRecordKeyListedOnTwoLinesCountsUnderTheNameForItsStage() throws {
        let harness = try GateHarness(tstGates: Self.gates)
        let ci = try GateFixtures.recordKey(harness.fixture)
        let rita = try harness.key("rita")
        try harness.commitOnTst(
            "One CI key, a name per stage",
            files: [
                "stages/allowed_signers": [
                    rita.signersLine(),
                    ci.signersLine(principals: "ci-dev@promote.invalid", options: #"namespaces="promote-record-dev@promote.dev""#),
                    ci.signersLine(principals: "ci-tst@promote.invalid", options: #"namespaces="promote-record-tst@promote.dev""#),
                ].joined(separator: "\n") + "\n"
            ])
        try storeTest(harness, try GateFixtures.sign(try Self.testLine(harness), stage: "tst", key: ci))
        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .pass, "\(gate.tests ?? [])")
        #expect(gate.tests?.last?.signer == "ci-tst@promote.invalid")
    }

    @Test func recordsPromoteWritesAreSignedAndCount() async throws {
        let harness = try GateHarness(tstGates: Self.gates)
        let report = try await TestHookRun.run(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", commit: harness.change,
            output: { _ in })
        #expect(report.allPassed)
        let note = try harness.fixture.git(["notes", "--ref", TestRecord.notesRef, "show", harness.change.hex])
        #expect(note.contains(#""signature":"-----BEGIN SSH SIGNATURE-----"#))
        let gate = try harness.evaluate().gate("test:unit")
        #expect(gate.verdict == .pass && gate.tests?.first?.signer == GateFixtures.recordSigner)
    }

    /// A history grafted into tst with a merge, carrying a deploy record signed by a key that its own
    /// allowed_signers lists: two unrelated chains of signed records, so nothing enters tst until that is sorted out.
    @Test func aGraftedChainOfRecordsBlocksTheStage() throws {
        let harness = try GateHarness(tstGates: "{}")
        let ci = try GateFixtures.recordKey(harness.fixture)
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: harness.base.hex, signedWith: ci)
        let mallory = try harness.key("mallory")
        let fixture = harness.fixture
        try fixture.git(["checkout", "-q", "--orphan", "graft"])
        try fixture.git(["rm", "-q", "-rf", "."])
        let graft = try fixture.commit(
            "Her own stages",
            files: [
                "stages/dev.json": GateFixtures.stage("dev", branch: "main", from: nil),
                "stages/tst.json": GateFixtures.stage("tst", branch: "tst", from: "dev", gates: "{}"),
                "stages/allowed_signers": mallory.signersLine() + "\n",
            ])
        try GateFixtures.recordDeploy(fixture, stage: "tst", commit: graft, signedWith: mallory)
        try fixture.git(["checkout", "-q", "tst"])
        try fixture.git(["merge", "-q", "--allow-unrelated-histories", "--no-edit", "-X", "ours", "graft"])
        let merged = try #require(OID(hex: try fixture.git(["rev-parse", "HEAD"])))
        try fixture.git(["checkout", "-q", "main"])

        let report = try harness.evaluate(merged)
        #expect(report.verdict == .blocked, "\(report.renderText())")
        let gate = try report.gate("records")
        #expect(gate.reason.contains("starts a second, unrelated chain of signed records of tst"))
    }

    /// Records written before promote signed them count for nothing where signatures are required, and the report
    /// says how many were ignored while the stage has no signed record yet.
    @Test func unsignedHistoryIsReportedWhileTheStageHasNoSignedRecord() throws {
        let harness = try GateHarness(tstGates: GateFixtures.oneApproval)
        try GateFixtures.recordDeploy(harness.fixture, stage: "tst", commit: harness.base.hex)
        let report = try harness.evaluate()
        #expect(report.rules.warning?.contains("(1 unsigned record ignored)") == true, "\(report.rules)")
    }
}
