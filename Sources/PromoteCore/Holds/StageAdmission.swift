public import Foundation
public import PromoteGit
public import PromoteModel

/// Whether a deploy may go to a stage now: what holds and freeze windows allow, judged by the rules of the stage's
/// branch like every gate. A promotion meets the same rules as gates (`GateEvaluator`); a deploy meets them here,
/// so that neither `promote deploy` nor a CI job can go around a hold or a freeze.
public enum StageAdmission {
    /// What let the deploy through, for its record.
    public struct Admission: Sendable, Equatable {
        /// The freeze windows that were on and the break-glass that passed them.
        public let brokenFreezes: [JudgedFreeze]
    }

    /// Refuses (`StageRefusal`) a deploy of `commit` to `stage` while the stage is held (only the commit it was rolled
    /// back to, or a rollback itself, may deploy) or frozen (unless `breakGlass` and a signed approval of `commit`).
    public static func check(
        repository: Repository, stages: StageSet, stage stageName: String, commit: OID, breakGlass: BreakGlass?,
        rollback: Bool = false, now: Date = Date()
    ) throws -> Admission {
        let stage = try stages.stage(named: stageName)
        let head = try BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
        let context = try GateContext.resolve(
            repository: repository, stages: stages, stage: stageName, commit: commit, head: head)
        let hold = try StageHolds.judge(repository, context: context, now: now)
        if hold.isHeld && !rollback && hold.rolledBackTo != commit.hex {
            let allowed =
                hold.rolledBackTo.map { "only \($0.prefix(7)), what it was rolled back to, may be deployed" }
                ?? "nothing may be deployed to it but a rollback ('promote rollback \(stageName)')"
            throw StageRefusal(
                "not deploying \(commit.short) to \(stageName): \(hold.describe(branchHead: head)); until then \(allowed)")
        }
        guard let rules = context.rules.stage else { return Admission(brokenFreezes: []) }
        let freezes = try FreezeJudge(context: context, now: now, breakGlass: breakGlass) {
            try GateEvaluator.judgeApprovals(
                ApprovalGate(
                    required: 1, allowAuthors: rules.gates.approvals?.allowAuthors ?? false,
                    ttlHours: rules.gates.approvals?.ttlHours), context, repository: repository, now: now,
                keygen: SSHKeygen.locate())
        }.judge(rules.gates.freeze)
        if let blocked = freezes.first(where: { $0.verdict == .blocked }) {
            throw StageRefusal("not deploying \(commit.short) to \(stageName): \(blocked.reason)")
        }
        return Admission(brokenFreezes: freezes.compactMap(\.freeze).filter { $0.breakGlass != nil })
    }
}
