public import Foundation
public import PromoteGit
public import PromoteModel

/// What `promote approvals <stage>` shows: every approval record on a commit with its verdict (schema
/// `promote.approvals/v1`, docs/json/gate.md).
public struct ApprovalListing: Codable, Sendable, Equatable {
    public var schema = "promote.approvals/v1"
    public var stage: String
    public var commit: String
    public var rules: RulesSource
    public var range: RangeSummary
    /// `gates.approvals.required` on the stage's branch; 0 when the stage has no approvals gate.
    public var required: Int
    /// The approvers whose approvals count, sorted.
    public var counted: [String]
    public var verdict: GateVerdict
    public var reason: String
    public var approvals: [JudgedApproval]

    /// Judges the approval records on `commit` for `stage`, as `promote gate` would.
    public static func build(
        repository: Repository, stages: StageSet, stage: String, commit: OID, now: Date = Date(),
        keygen: SSHKeygen? = SSHKeygen.locate()
    ) throws -> ApprovalListing {
        let context = try GateContext.resolve(repository: repository, stages: stages, stage: stage, commit: commit)
        guard let rulesStage = context.rules.stage else {
            throw PromoteError.rulesUnreadable(
                stage: stage, commit: context.rules.commit.short, reason: context.rules.problem ?? "unknown")
        }
        let gate = rulesStage.gates.approvals
        let result = try GateEvaluator.judgeApprovals(gate, context, repository: repository, now: now, keygen: keygen)
        let approvals = result.approvals ?? []
        return ApprovalListing(
            stage: rulesStage.name, commit: commit.hex, rules: context.rulesSource, range: context.rangeSummary,
            required: gate?.required ?? 0,
            counted: approvals.filter { $0.verdict == .accepted && !$0.revoke }.compactMap(\.approver).sorted(),
            verdict: result.verdict, reason: result.reason, approvals: approvals)
    }

    /// One line per record, after the verdict.
    public func renderText() -> String {
        var lines = ["\(stage) approvals for \(commit.prefix(7)): \(reason)"]
        lines.append(
            "rules: stages/allowed_signers and stages/\(stage).json on \(rules.branch) at \(rules.commit.prefix(7))")
        if approvals.isEmpty { lines.append("no approval records on \(commit.prefix(7))") }
        let result = GateResult(
            name: "approvals", kind: .approvals, verdict: verdict, reason: reason, approvals: approvals, tests: nil,
            deployments: nil)
        lines += result.evidenceLines().map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    enum CodingKeys: String, CodingKey {
        case schema, stage, commit, rules, range, required, counted, verdict, reason, approvals
    }
}
