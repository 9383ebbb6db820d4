import Foundation
import PromoteCore
import PromoteGit
import PromoteModel
import TestSupport
import Testing

/// `gates.freeze` as a gate of the target stage: a window that is on blocks; `--break-glass` passes it only on a
/// listed approver's signed approval of the exact commit, and `ttl_hours` still applies to that approval.
@Suite struct FreezeGateTests {
    static let weekend =
        #"{ "approvals": { "required": 1, "allow_authors": false, "ttl_hours": 72 }, "freeze": [ { "name": "weekend", "from": "Fri 15:00", "to": "Mon 06:00", "time_zone": "Europe/Berlin", "reason": "nobody on call" } ] }"#
    static let noApprovalsButFrozen =
        #"{ "freeze": [ { "name": "year-end", "start": "2026-12-23T00:00:00Z", "end": "2027-01-04T00:00:00Z" } ] }"#

    static func date(_ text: String) throws -> Date { try RFC3339Timestamp.parse(text) }

    @Test func aWeeklyWindowBlocksWhileItIsOnAndSaysWhenItEnds() throws {
        let harness = try GateHarness(tstGates: Self.weekend)
        let friday = try Self.date("2026-12-11T15:00:00Z")  // 16:00 in Berlin
        try harness.approve("rita", at: friday.addingTimeInterval(-3600))
        let report = try harness.evaluate(now: friday)
        #expect(!report.passed)
        let gate = try report.gate("freeze:weekend")
        #expect(gate.verdict == .blocked && gate.kind == .freeze)
        #expect(
            gate.reason.hasPrefix(
                "frozen: weekend (Fri 15:00 to Mon 06:00 Europe/Berlin, every week) is on until 2026-12-14T05:00:00Z (nobody on call)"
            ))
        #expect(gate.reason.contains("--break-glass"))
        #expect(gate.freeze?.endsAt == "2026-12-14T05:00:00Z")
        // Wednesday: open, and the row says when the next window starts.
        let wednesday = try Self.date("2026-12-09T12:00:00Z")
        let open = try harness.evaluate(now: wednesday)
        #expect(try open.gate("freeze").verdict == .pass)
        #expect(try open.gate("freeze").reason.contains("the next, weekend, starts 2026-12-11T14:00:00Z"))
    }

    @Test func breakGlassPassesOnlyWithAValidSignedApprovalOfTheCommit() throws {
        let harness = try GateHarness(tstGates: Self.noApprovalsButFrozen)
        let now = try Self.date("2026-12-24T10:00:00Z")
        let glass = BreakGlass(reason: "INC-9 hotfix")
        func judge() throws -> GateResult {
            try GateEvaluator.evaluate(
                repository: try harness.repository(), stages: try harness.stages(), stage: "tst",
                commit: harness.change, now: now, breakGlass: glass
            ).gate("freeze:year-end")
        }
        // No approval at all: break-glass alone does not pass.
        var gate = try judge()
        #expect(gate.verdict == .blocked)
        #expect(
            gate.reason.contains("--break-glass needs a listed approver's signed approval of \(harness.change.short)"))
        // An approval by someone allowed_signers does not list (stored around promote) does not count.
        try harness.store(try harness.forge("mallory", at: now).line)
        #expect(try judge().verdict == .blocked)
        // The change's author may not approve it either (allow_authors is false by default).
        try harness.store(try harness.forge("ada", approver: "ada@example.com", at: now).line)
        #expect(try judge().verdict == .blocked)
        // Rita's approval of another commit does not count for this one.
        try harness.store(try harness.forge("rita", commit: harness.base, at: now).line)
        #expect(try judge().verdict == .blocked)
        // Rita's approval of the commit does.
        try harness.approve("rita", at: now)
        gate = try judge()
        #expect(gate.verdict == .pass, "\(gate.reason)")
        #expect(
            gate.reason.contains("passed with --break-glass (INC-9 hotfix) on the signed approval of rita@example.com"))
        #expect(gate.freeze?.breakGlass == BreakGlassRecord(reason: "INC-9 hotfix", approvers: ["rita@example.com"]))
        // Without --break-glass the same approval does not pass the freeze.
        #expect(try harness.evaluate(now: now).gate("freeze:year-end").verdict == .blocked)
    }

    @Test func anExpiredApprovalDoesNotBreakTheGlass() throws {
        let harness = try GateHarness(tstGates: Self.weekend)
        let saturday = try Self.date("2026-12-12T12:00:00Z")
        try harness.approve("rita", at: saturday.addingTimeInterval(-73 * 3600))
        let gate = try GateEvaluator.evaluate(
            repository: try harness.repository(), stages: try harness.stages(), stage: "tst", commit: harness.change,
            now: saturday, breakGlass: BreakGlass(reason: "urgent")
        ).gate("freeze:weekend")
        #expect(gate.verdict == .blocked)
        #expect(gate.reason.contains("0 of 1 required approval"))
    }

    @Test func theRulesComeFromTheTargetBranchNotFromTheChange() throws {
        // The change itself removes the freeze from stages/tst.json: the tst branch's rules still apply.
        let harness = try GateHarness(tstGates: Self.noApprovalsButFrozen)
        let repository = try harness.repository()
        try harness.fixture.git(["checkout", "-q", "main"])
        let unfreeze = try harness.fixture.commit(
            "Lift the freeze", files: ["stages/tst.json": GateFixtures.stage("tst", branch: "tst", from: "dev")])
        let report = try GateEvaluator.evaluate(
            repository: repository, stages: try harness.stages(), stage: "tst",
            commit: try #require(OID(hex: unfreeze)),
            now: try Self.date("2026-12-24T10:00:00Z"))
        #expect(try report.gate("freeze:year-end").verdict == .blocked)
    }
}
