import Foundation
import PromoteCore
import PromoteGit
import TestSupport
import Testing

/// Records travel with the repository: pushed after writing, fetched and merged before judging.
@Suite struct RecordSyncTests {
    /// A bare origin holding the harness repository, and a second clone of it.
    private func origin(for harness: GateHarness) throws -> (origin: GitFixture, clone: GitFixture) {
        let origin = try GitFixture(bare: true)
        try harness.fixture.git(["remote", "add", "origin", origin.path])
        try harness.fixture.git(["push", "-q", "origin", "main", "tst"])
        let clone = try GitFixture()
        try clone.git(["remote", "add", "origin", origin.path])
        try clone.git(["fetch", "-q", "origin"])
        try clone.git(["checkout", "-q", "-B", "main", "origin/main"])
        try clone.git(["branch", "tst", "origin/tst"])
        return (origin, clone)
    }

    @Test func approvalsAndTestResultsSurvivePushAndFetchIntoAnotherClone() async throws {
        let harness = try GateHarness(
            tstGates: #"{ "approvals": { "required": 1 }, "tests": [ { "name": "unit", "run": "true" } ] }"#)
        let (origin, clone) = try origin(for: harness)
        let approval = try harness.approve("rita")
        #expect(approval.publication == .pushed(remote: "origin"))
        let tests = try await TestHookRun.run(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", commit: harness.change,
            output: { _ in })
        #expect(tests.publication == .pushed(remote: "origin"))
        #expect(try origin.git(["notes", "--ref", ApprovalRecord.notesRef, "list"]).contains(harness.change.hex))

        let cloneRepository = try Repository(discoveringFrom: clone.path)
        let stages = try Workspace(path: clone.path).stages
        #expect(
            try GateEvaluator.evaluate(
                repository: cloneRepository, stages: stages, stage: "tst", commit: harness.change
            )
            .verdict == .blocked)
        try NotesSync.fetchRecords(repository: cloneRepository)
        let report = try GateEvaluator.evaluate(
            repository: cloneRepository, stages: stages, stage: "tst", commit: harness.change)
        #expect(report.verdict == .pass, "\(report.renderText())")
    }

    @Test func approvalsWrittenInTwoClonesAtOnceAreBothKept() throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 2 } }"#)
        let (origin, clone) = try origin(for: harness)
        // Otto approves in the clone before Rita's approval reaches origin: his push is rejected, then merged.
        let cloneRepository = try Repository(discoveringFrom: clone.path)
        let stages = try Workspace(path: clone.path).stages
        try harness.approve("rita")
        let otto = try harness.key("otto")
        let result = try Approver.approve(
            ApprovalRequest(
                stage: "tst", commit: harness.change, key: SigningKey(path: otto.privateKeyPath, origin: "test")),
            repository: cloneRepository, stages: stages, keygen: SSHKeygen.locate())
        #expect(result.publication == .pushed(remote: "origin"))
        let onOrigin = try origin.git(["notes", "--ref", ApprovalRecord.notesRef, "show", harness.change.hex])
        #expect(onOrigin.contains("rita@example.com") && onOrigin.contains("otto@example.com"))

        try NotesSync.fetchRecords(repository: try harness.repository())
        #expect(try harness.evaluate().verdict == .pass)
    }

    @Test func aFailedPushIsReportedAndTheRecordStaysLocal() throws {
        let harness = try GateHarness()
        try harness.fixture.git(["remote", "add", "origin", "/nonexistent/origin.git"])
        let result = try harness.approve("rita")
        guard case .failed(let remote, let reference, _) = result.publication else {
            Issue.record("expected a failed push, got \(String(describing: result.publication))")
            return
        }
        #expect(remote == "origin" && reference == ApprovalRecord.notesRef)
        #expect(result.publication?.message.contains("git push origin refs/notes/promote/approvals") == true)
        #expect(try harness.evaluate().verdict == .pass)
    }
}
