import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// Records and signer lists anyone with push access can write are read only up to a limit, so a huge one is named
/// with the limit instead of stalling the gate (issue 14).
@Suite struct OversizedRecordTests {
    /// A note version over the limit does not count and does not break the gate (the notes ref's history cannot be
    /// rewritten, so throwing would block the stage for good); records of earlier versions still count, and
    /// appending to it is refused, naming the note and the limit.
    @Test func aNoteLargerThanPromoteReadsIsSkippedAndAppendingToItIsRefused() throws {
        let harness = try GateHarness()
        try harness.approve("rita")
        let huge = String(repeating: "x", count: Repository.maximumNoteBytes + 1)
        try harness.store(huge)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .pass, "\(gate.reason)")
        #expect(gate.approvals?.count == 1)
        #expect {
            try harness.approve("otto")
        } throws: { error in
            guard case .noteTooLarge(ApprovalRecord.notesRef, harness.change, let bytes) = error as? GitError else {
                return false
            }
            return bytes > Repository.maximumNoteBytes
        }
        let message = GitError.noteTooLarge(notesRef: ApprovalRecord.notesRef, commit: harness.change, bytes: 9)
            .localizedDescription
        #expect(message.contains("the note on \(harness.change.short) under \(ApprovalRecord.notesRef) is 9 bytes"))
        #expect(message.contains("more than the 8 MiB promote reads"))
        #expect(message.contains("git notes --ref \(ApprovalRecord.notesRef) remove \(harness.change.short)"))
    }

    @Test func anAllowedSignersFileOverTheLimitBlocksTheGateNamingIt() throws {
        let harness = try GateHarness()
        let rita = try harness.key("rita")
        let padding = String(repeating: "# padding\n", count: (1 << 20) / 10 + 1)
        let head = try harness.commitOnTst(
            "A huge signer list", files: ["stages/allowed_signers": rita.signersLine() + "\n" + padding])
        let report = try harness.evaluate()
        #expect(report.verdict == .blocked)
        let text = report.renderText()
        #expect(
            text.contains(
                "stages/allowed_signers at \(head.short) is \(rita.signersLine().utf8.count + 1 + padding.utf8.count) bytes, more than the 1 MiB"
            ),
            "\(text)")
    }
}
