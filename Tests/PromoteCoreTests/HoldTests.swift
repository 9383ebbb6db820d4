import Foundation
import PromoteGit
import PromoteModel
import TestSupport
import Testing

@testable import PromoteCore

/// Holds on a stage: anyone who can write notes can place one; only a release signed by a person the stage accepts
/// approvals from (its branch's allowed_signers) lifts it, and only the holds it names.
@Suite struct HoldTests {
    static func hold(_ harness: GateHarness, reason: String = "INC-1: scores look wrong") throws -> HoldEvent {
        try StageHolds.place(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", reason: reason,
            environment: [:]
        ).event
    }

    static func state(_ harness: GateHarness, now: Date = Date()) throws -> StageHold {
        try StageHolds.current(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", now: now
        )
        .hold
    }

    /// A release signed with ssh-keygen directly, so tests can store what promote would refuse.
    static func forgeRelease(
        _ harness: GateHarness, _ person: String, releases: [String], approver: String? = nil, at: Date = Date(),
        namespaceStage: String = "tst", tamper: Bool = false
    ) throws -> String {
        let key = try harness.key(person)
        let who = approver ?? key.email
        let when = RecordTime.format(at)
        let payload = HoldEvent.releasePayload(
            stage: "tst", approver: who, at: when, comment: "fixed", releases: releases)
        let signed = try Shell.run(
            "ssh-keygen",
            ["-Y", "sign", "-q", "-f", key.privateKeyPath, "-n", ApprovalRecord.namespace(for: namespaceStage)],
            input: payload)
        #expect(signed.status == 0, "\(signed.stderr)")
        return HoldEvent.releaseLine(
            stage: "tst", approver: who, at: when, comment: tamper ? "fixed, honestly" : "fixed", releases: releases,
            signature: signed.stdout)
    }

    static func store(_ harness: GateHarness, _ line: String) throws {
        try GateFixtures.appendNote(
            harness.fixture, ref: HoldLedger.notesRef, commit: try HoldLedger.anchor(stage: "tst").hex, line: line)
    }

    @Test func aHoldBlocksTheGateAndNamesWhoWhenAndWhy() throws {
        let harness = try GateHarness()
        try harness.approve("rita")
        #expect(try harness.evaluate().passed)
        let event = try Self.hold(harness)
        #expect(event.kind == .hold && event.reason == "INC-1: scores look wrong")
        let report = try harness.evaluate()
        #expect(!report.passed)
        let gate = try report.gate("hold")
        #expect(gate.kind == .hold && gate.verdict == .blocked)
        #expect(gate.reason.hasPrefix("tst is held since "))
        #expect(gate.reason.contains("(INC-1: scores look wrong)"))
        #expect(gate.reason.hasSuffix("a person who may approve tst lifts it with 'promote release tst'"))
        #expect(gate.hold?.map(\.id) == [event.id])
    }

    @Test func aSignedReleaseByAListedApproverLiftsIt() throws {
        let harness = try GateHarness()
        try harness.approve("rita")
        let event = try Self.hold(harness)
        let line = try StageHolds.signRelease(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", comment: "fixed",
            key: SigningKey(path: try harness.key("otto").privateKeyPath, origin: "test"), keygen: SSHKeygen.locate())
        let result = try StageHolds.record(
            releaseLine: line, repository: try harness.repository(), stages: try harness.stages(), stage: "tst")
        #expect(!result.hold.isHeld)
        #expect(result.hold.releases.map(\.accepted) == [true])
        #expect(result.hold.releases.first?.releases == [event.id])
        #expect(try harness.evaluate().passed)
        #expect(throws: PromoteError.notHeld(stage: "tst")) {
            try StageHolds.signRelease(
                repository: try harness.repository(), stages: try harness.stages(), stage: "tst", comment: "",
                key: SigningKey(path: try harness.key("otto").privateKeyPath, origin: "test"),
                keygen: SSHKeygen.locate())
        }
    }

    @Test func forgedUnsignedAndUnlistedReleasesAreRefusedAndLeaveTheHold() throws {
        let harness = try GateHarness()
        let event = try Self.hold(harness)
        let repository = try harness.repository()
        let stages = try harness.stages()
        let attempts: [(String, String)] = [
            // Mallory's key is not in allowed_signers.
            (try Self.forgeRelease(harness, "mallory", releases: [event.id]), "is not allowed to approve tst"),
            // Mallory signs but claims to be Rita.
            (
                try Self.forgeRelease(harness, "mallory", releases: [event.id], approver: "rita@example.com"),
                "is not allowed to approve tst"
            ),
            // Rita's signature, but the comment was changed afterwards.
            (try Self.forgeRelease(harness, "rita", releases: [event.id], tamper: true), "bad signature"),
            // Signed as a record of another stage (a namespace tst does not accept).
            (try Self.forgeRelease(harness, "rita", releases: [event.id], namespaceStage: "dev"), "bad signature"),
            // No signature at all.
            (
                HoldEvent.releaseLine(
                    stage: "tst", approver: "rita@example.com", at: RecordTime.format(Date()), comment: "",
                    releases: [event.id], signature: ""), "missing signature"
            ),
        ]
        for (line, expected) in attempts {
            #expect {
                try StageHolds.record(releaseLine: line, repository: repository, stages: stages, stage: "tst")
            } throws: { error in
                guard case .releaseRefused(_, let reason) = error as? PromoteError else { return false }
                return reason.contains(expected)
            }
            // Pushed around promote, straight into the notes: still not a release.
            try Self.store(harness, line)
        }
        let state = try Self.state(harness)
        #expect(state.isHeld)
        #expect(state.releases.count == attempts.count && state.releases.allSatisfy { !$0.accepted })
        #expect(try harness.evaluate().gate("hold").verdict == .blocked)
    }

    @Test func aReleaseLiftsOnlyTheHoldsItNamesSoItCannotBeReplayed() throws {
        let harness = try GateHarness()
        let first = try Self.hold(harness, reason: "INC-1")
        let release = try Self.forgeRelease(harness, "rita", releases: [first.id])
        try Self.store(harness, release)
        #expect(!(try Self.state(harness).isHeld))
        // A new incident; the old release copied again does not lift it.
        let second = try Self.hold(harness, reason: "INC-2")
        try Self.store(harness, release + " ")
        let state = try Self.state(harness)
        #expect(state.open.map(\.id) == [second.id])
        #expect(throws: PromoteError.self) {
            try StageHolds.record(
                releaseLine: release, repository: try harness.repository(), stages: try harness.stages(), stage: "tst")
        }
    }

    @Test func aHoldRemovedFromTheNotesByALaterCommitStillHolds() throws {
        let harness = try GateHarness()
        _ = try Self.hold(harness)
        // Someone who can push notes rewrites the ledger note without the hold.
        try harness.fixture.git([
            "notes", "--ref", HoldLedger.notesRef, "add", "-f", "-m", "{}", try HoldLedger.anchor(stage: "tst").hex,
        ])
        #expect(try Self.state(harness).isHeld)
    }
}
