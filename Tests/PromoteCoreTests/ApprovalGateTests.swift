import Foundation
import PromoteCore
import PromoteGit
import TestSupport
import Testing

/// Signed approvals: what opens the approvals gate, and every way a record is rejected.
@Suite struct ApprovalGateTests {
    @Test func aValidApprovalByAListedReviewerOpensTheGate() throws {
        let harness = try GateHarness()
        let before = try harness.evaluate()
        #expect(before.verdict == .blocked)
        #expect(try before.gate("approvals").reason.hasPrefix("0 of 1 required approval"))

        let result = try harness.approve("rita", comment: "looks good")
        #expect(result.record.approver == "rita@example.com")
        #expect(result.publication == .noRemote(remote: "origin"))
        let after = try harness.evaluate()
        #expect(after.verdict == .pass)
        let approvals = try after.gate("approvals")
        #expect(approvals.reason == "1 of 1 required approval (rita@example.com)")
        #expect(approvals.approvals?.map(\.verdict) == [.accepted])
        #expect(approvals.approvals?.first?.comment == "looks good")
        #expect(approvals.approvals?.first?.key?.hasPrefix("SHA256:") == true)
        // What git itself sees on the commit.
        let note = try harness.fixture.git(["notes", "--ref", ApprovalRecord.notesRef, "show", harness.change.hex])
        #expect(note.contains(#""approver":"rita@example.com""#))
        #expect(note.contains("BEGIN SSH SIGNATURE"))
    }

    @Test func aRecordWithoutSignatureIsRejected() throws {
        let harness = try GateHarness()
        var record = try harness.forge("rita")
        record.signature = nil
        try harness.store(record.line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.approvals?.first?.reason == "missing signature")
    }

    @Test func aLineThatIsNotAnApprovalRecordIsRejected() throws {
        let harness = try GateHarness()
        try harness.store("approved by rita, trust me")
        try harness.store(#"{"kind":"approval","version":1,"stage":"tst"}"#)
        let judged = try #require(try harness.evaluate().gate("approvals").approvals)
        #expect(judged.map(\.verdict) == [.rejected, .rejected])
        #expect(judged[0].reason.hasPrefix("line 1 of the note: not valid JSON"))
        #expect(judged[1].reason == "line 2 of the note: approval record lacks stage, commit, approver, at or revoke")
    }

    @Test func aRecordEditedAfterSigningIsRejected() throws {
        let harness = try GateHarness()
        var record = try harness.forge("rita", comment: "only the docs changed")
        record.comment = "approved everything"
        try harness.store(record.line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.approvals?.first?.reason.hasPrefix("bad signature: the record was changed after it was signed") == true
        )
    }

    @Test func aRecordWhoseApproverWasSwappedIsRejected() throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 2 } }"#)
        try harness.approve("rita")
        // Rita's signature, relabelled as Otto's: the second approval the gate needs.
        var record = try harness.forge("rita")
        record.approver = "otto@example.com"
        try harness.store(record.line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.approvals?.last?.reason.hasPrefix("bad signature") == true)
    }

    @Test func aSignerNotAllowedForTheStageIsRejected() throws {
        // Otto may approve prd only (git's namespaces option), so neither promote nor a forged record lets him
        // approve tst.
        let harness = try GateHarness(signers: [
            "rita": nil, "otto": #"namespaces="promote-approval-prd@promote.dev""#,
        ])
        #expect {
            try harness.approve("otto")
        } throws: { error in
            (error as? PromoteError).map { "\($0.localizedDescription)" }?.contains(
                "not allowed to approve tst by stages/allowed_signers on tst at \(harness.base.short)") == true
        }
        try harness.store(try harness.forge("otto").line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        let reason = try #require(gate.approvals?.first?.reason)
        #expect(reason.hasPrefix("signer otto@example.com is not allowed to approve tst"))
        #expect(reason.contains("stages/allowed_signers:1: key is not permitted for use in signature namespace"))
        #expect(!reason.contains(NSTemporaryDirectory()))
    }

    @Test func aRecordSignedByAnUnlistedKeyIsRejected() throws {
        let harness = try GateHarness()
        #expect(throws: PromoteError.keyNotListed(stage: "tst", branch: "tst", commit: harness.base.short)) {
            try harness.approve("mallory")
        }
        // Mallory signs with her own key but claims to be Rita.
        try harness.store(try harness.forge("mallory", approver: "rita@example.com").line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.approvals?.first?.reason.hasPrefix("signer rita@example.com is not allowed to approve tst") == true)
    }

    @Test func anApprovalForAnotherCommitDoesNotCount() throws {
        let harness = try GateHarness()
        let other = try #require(OID(hex: try harness.fixture.commit("Another change", files: ["b.txt": "b\n"])))
        // Approved for the first change, then copied onto the later commit's note.
        let record = try harness.forge("rita", commit: harness.change)
        try harness.store(record.line, on: other)
        let gate = try harness.evaluate(other).gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.approvals?.first?.reason
                == "approval signed for commit \(harness.change.short), not \(other.short): a record copied from another commit does not count"
        )
        // Rewriting the commit field breaks the signature instead.
        var moved = record
        moved.commit = other.hex
        try harness.store(moved.line, on: other)
        #expect(
            try harness.evaluate(other).gate("approvals").approvals?.last?.reason.hasPrefix("bad signature") == true)
    }

    @Test func anApprovalForAnotherStageDoesNotCount() throws {
        let harness = try GateHarness()
        try harness.store(try harness.forge("rita", stage: "prd").line)
        // Signed as a prd approval but relabelled tst: the namespace no longer matches.
        var relabelled = try harness.forge("rita", stage: "prd")
        relabelled.stage = "tst"
        try harness.store(relabelled.line)
        let judged = try #require(try harness.evaluate().gate("approvals").approvals)
        #expect(judged.map(\.verdict) == [.rejected, .rejected])
        #expect(judged[0].reason == "approval for stage prd, not tst")
        #expect(judged[1].reason.hasPrefix("bad signature"))
    }

    @Test func anExpiredApprovalIsRejected() throws {
        let harness = try GateHarness()
        let now = Date()
        try harness.approve("rita", at: now.addingTimeInterval(-73 * 3600))
        let gate = try harness.evaluate(now: now).gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.approvals?.first?.reason == "expired: given 73h ago, tst accepts approvals for 72h (ttl_hours)")
        // Within the ttl it counts.
        #expect(try harness.evaluate(now: now.addingTimeInterval(-2 * 3600)).gate("approvals").verdict == .pass)
    }

    @Test func anApprovalDatedInTheFutureIsRejected() throws {
        let harness = try GateHarness()
        try harness.store(try harness.forge("rita", at: Date().addingTimeInterval(3 * 86_400)).line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.approvals?.first?.reason.hasSuffix("in the future") == true)
    }

    @Test func theAuthorOfAPromotedCommitCannotApproveIt() throws {
        let harness = try GateHarness()
        #expect {
            try harness.approve("ada")
        } throws: { error in
            (error as? PromoteError)?.localizedDescription
                == "approval for tst at \(harness.change.short) not recorded: ada@example.com authored or committed \(harness.change.short) in the promoted range; tst does not allow authors to approve (allow_authors)"
        }
        try harness.store(try harness.forge("ada").line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.approvals?.first?.reason.hasPrefix("ada@example.com authored or committed") == true)
    }

    @Test func theCommitterOfAnEarlierCommitInTheRangeCannotApprove() throws {
        // Carl committed every fixture commit (GIT_COMMITTER_EMAIL); the range has two commits.
        let harness = try GateHarness(signers: ["rita": nil, "carl": nil])
        let later = try #require(
            OID(
                hex: try harness.fixture.commit("Docs", files: ["docs.md": "d\n"], author: ("Rita", "rita@example.com"))
            ))
        try harness.store(try harness.forge("carl", commit: later).line)
        try harness.store(try harness.forge("rita", commit: later).line, on: later)
        try harness.store(try harness.forge("carl", commit: later).line, on: later)
        let judged = try #require(try harness.evaluate(later).gate("approvals").approvals)
        #expect(judged.count == 2)
        #expect(judged[0].reason.hasPrefix("rita@example.com authored or committed \(later.short)"))
        #expect(judged[1].reason.hasPrefix("carl@example.com authored or committed"))
    }

    @Test func allowAuthorsLetsAnAuthorApprove() throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 1, "allow_authors": true } }"#)
        try harness.approve("ada")
        #expect(try harness.evaluate().gate("approvals").verdict == .pass)
    }

    @Test func theSamePersonApprovingTwiceCountsOnce() throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 2 } }"#)
        try harness.approve("rita", at: Date().addingTimeInterval(-60))
        try harness.approve("rita")
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("1 of 2 required approvals (rita@example.com); 1 record rejected"))
        #expect(gate.approvals?.first?.reason == "rita@example.com approved again later; the same person counts once")
        try harness.approve("otto")
        #expect(try harness.evaluate().gate("approvals").verdict == .pass)
    }

    /// One key under two names would let one person count twice; it is refused for that reason, whether the names
    /// share a line or not (find-principals reports only the first line, which used to read as "only a pattern").
    @Test(arguments: [
        "rita@example.com,rita.alt@example.com KEY", "rita@example.com KEY\nrita.alt@example.com KEY",
    ])
    func aKeyListedUnderTwoNamesIsRefusedForThatReason(_ layout: String) throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 1 } }"#, signers: ["otto": nil])
        let rita = try harness.key("rita")
        try harness.commitOnTst(
            "Rita's key under two names",
            files: ["stages/allowed_signers": layout.replacingOccurrences(of: "KEY", with: rita.publicKey) + "\n"])
        try harness.store(try harness.forge("rita").line)
        try harness.store(try harness.forge("rita", approver: "rita.alt@example.com").line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("0 of 1 required approval"))
        #expect(gate.approvals?.count == 2)
        for approval in gate.approvals ?? [] {
            #expect(approval.reason.contains("is listed under more than one name"), "\(approval.reason)")
            #expect(approval.reason.contains("(rita@example.com, rita.alt@example.com)"), "\(approval.reason)")
        }
        #expect {
            try harness.approve("rita")
        } throws: { error in
            guard case .keyUnderSeveralNames(_, let names, "tst") = error as? PromoteError else { return false }
            return names == ["rita@example.com", "rita.alt@example.com"]
        }
    }

    @Test func aKeyListedOnlyByPatternCannotApprove() throws {
        let harness = try GateHarness(signers: ["rita": nil])
        let otto = try harness.key("otto")
        try harness.commitOnTst(
            "Ops may approve",
            files: ["stages/allowed_signers": otto.signersLine(principals: "*@example.com") + "\n"])
        #expect(throws: PromoteError.onlyPatternPrincipals(patterns: ["*@example.com"], stage: "tst")) {
            try harness.approve("otto")
        }
        try harness.store(try harness.forge("otto", approver: "nobody@example.com").line)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.approvals?.first?.reason.contains("not listed by name for this key") == true)
    }

    @Test func aRevocationWithdrawsOnlyTheRevokersApproval() throws {
        let harness = try GateHarness()
        try harness.approve("rita", at: Date().addingTimeInterval(-120))
        try harness.approve("rita", at: Date().addingTimeInterval(-60), comment: "found a bug", revoke: true)
        let gate = try harness.evaluate().gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(gate.approvals?.map(\.verdict) == [.rejected, .accepted])
        #expect(gate.approvals?.first?.reason.hasPrefix("withdrawn by rita@example.com") == true)
        // Otto's revocation (forged as if for Rita) cannot withdraw Rita's approval.
        try harness.approve("rita")
        try harness.store(try harness.forge("otto", approver: "rita@example.com", revoke: true).line)
        #expect(try harness.evaluate().gate("approvals").verdict == .pass)
    }

    @Test func aSignerAddedOnlyOnTheSourceBranchIsNotAllowed() throws {
        let harness = try GateHarness(signers: ["rita": nil])
        let mallory = try harness.key("mallory")
        let rita = try harness.key("rita")
        // The change itself adds Mallory to the signer list; tst's list is what counts.
        let change = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "Add a reviewer",
                    files: ["stages/allowed_signers": rita.signersLine() + "\n" + mallory.signersLine() + "\n"])))
        #expect(throws: PromoteError.keyNotListed(stage: "tst", branch: "tst", commit: harness.base.short)) {
            try harness.approve("mallory", commit: change)
        }
        try harness.store(try harness.forge("mallory", commit: change).line, on: change)
        let gate = try harness.evaluate(change).gate("approvals")
        #expect(gate.verdict == .blocked)
        #expect(
            gate.approvals?.first?.reason.contains("by stages/allowed_signers on tst at \(harness.base.short)") == true)
    }

    @Test func approvalsLoweredOnlyOnTheSourceBranchStillNeedTheTargetsCount() throws {
        let harness = try GateHarness(tstGates: #"{ "approvals": { "required": 2 } }"#)
        let weakened = try #require(
            OID(
                hex: try harness.fixture.commit(
                    "No approvals needed",
                    files: [
                        "stages/tst.json": GateFixtures.stage(
                            "tst", branch: "tst", from: "dev", gates: #"{ "approvals": { "required": 0 } }"#)
                    ]
                )))
        try harness.approve("rita", commit: weakened)
        let report = try harness.evaluate(weakened)
        #expect(report.rules.commit == harness.base.hex)
        #expect(try report.gate("approvals").reason.hasPrefix("1 of 2 required approvals"))
        #expect(report.verdict == .blocked)
    }
}
