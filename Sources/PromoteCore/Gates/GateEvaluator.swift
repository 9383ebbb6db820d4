public import Foundation
public import PromoteGit
public import PromoteModel

/// Judges every gate of a stage for one commit (DESIGN.md §2, §6): what `promote gate`, `promote plan` and
/// `promote <from> <to>` rely on.
public enum GateEvaluator {
    /// Evaluates `stage`'s gates for `commit`, by the rules on the stage's branch (see `PromotedRange`). Reads only:
    /// records must already be local (`NotesSync.fetchRecords` fetches them).
    ///
    /// - Parameters:
    ///   - head: the stage's branch head to judge against; by default what the remote has (`BranchHeads.published`).
    ///   - now: the time approvals expire against.
    public static func evaluate(
        repository: Repository, stages: StageSet, stage: String, commit: OID, head: OID? = nil,
        now: Date = Date(), keygen: SSHKeygen? = SSHKeygen.locate(), breakGlass: BreakGlass? = nil
    ) throws -> GateReport {
        let context = try GateContext.resolve(
            repository: repository, stages: stages, stage: stage, commit: commit, head: head)
        let gates = try judge(context, repository: repository, now: now, keygen: keygen, breakGlass: breakGlass)
        return GateReport(
            stage: context.stage.name, commit: commit.hex, upstream: context.rules.stage?.from ?? context.stage.from,
            verdict: gates.allSatisfy { $0.verdict == .pass } ? .pass : .blocked, rules: context.rulesSource,
            range: context.rangeSummary, gates: gates, evaluatedAt: RecordTime.format(now))
    }

    static func judge(
        _ context: GateContext, repository: Repository, now: Date, keygen: SSHKeygen?, breakGlass: BreakGlass? = nil
    ) throws -> [GateResult] {
        guard let stage = context.rules.stage else {
            let problem = context.rules.problem ?? "the stage file is missing"
            return [
                GateResult(
                    name: "rules", kind: .rules, verdict: .blocked,
                    reason:
                        "\(problem); nothing can enter \(context.stage.name) until stages/\(context.stage.name).json is valid on \(context.stage.branch)",
                    approvals: nil, tests: nil, deployments: nil)
            ]
        }
        if let blocker = context.range.blocker {
            return [
                GateResult(
                    name: "records", kind: .records, verdict: .blocked,
                    reason:
                        "\(blocker); nothing can enter \(context.stage.name) until that is sorted out (see README, Security)",
                    approvals: nil, tests: nil, deployments: nil)
            ]
        }
        let judged = context.judged
        let records = RecordCheck(context: context, required: stage.gates.requiresSignedRecords)
        var gates: [GateResult] = []
        let hold = try StageHolds.judge(repository, context: context, now: now)
        if hold.isHeld {
            var result = GateResult(
                name: "hold", kind: .hold, verdict: .blocked, reason: hold.describe(branchHead: context.head),
                approvals: nil, tests: nil, deployments: nil)
            result.hold = hold.open
            gates.append(result)
        }
        gates += try FreezeJudge(context: context, now: now, breakGlass: breakGlass) {
            try judgeApprovals(
                ApprovalGate(
                    required: 1, allowAuthors: stage.gates.approvals?.allowAuthors ?? false,
                    ttlHours: stage.gates.approvals?.ttlHours), context, repository: repository, now: now,
                keygen: keygen)
        }.judge(stage.gates.freeze)
        if let approvals = stage.gates.approvals {
            gates.append(try judgeApprovals(approvals, context, repository: repository, now: now, keygen: keygen))
        }
        let testLines = try NoteLines.ledger(repository, commit: judged, notesRef: TestRecord.notesRef)
        let tests = TestJudge(stage: stage.name, commit: judged, records: records)
        gates += try stage.gates.tests.map { try tests.judge($0, lines: testLines) }
        if stage.gates.requireDeployedUpstream {
            let judge = UpstreamDeployJudge(
                stage: stage.name, upstream: stage.from, commit: judged, records: records)
            gates.append(try judge.judge(try DeploymentRecord.ledger(on: judged, in: repository)))
        }
        gates += try MetricGateJudge(
            stage: stage.name, upstream: stage.from, candidate: judged, current: context.head, records: records,
            repository: repository
        ).judge(stage.gates.metrics)
        if let merged = context.range.merged {
            gates.append(try judgeMerge(context, merged: merged, repository: repository))
        }
        return gates
    }

    /// All approval records on the commit, judged; the gate passes with `required` distinct valid approvals (none
    /// required when the stage has no approvals gate).
    public static func judgeApprovals(
        _ gate: ApprovalGate?, _ context: GateContext, repository: Repository, now: Date, keygen: SSHKeygen?
    ) throws -> GateResult {
        let required = gate?.required ?? 0
        let judge = ApprovalJudge(
            stage: context.stage.name, commit: context.judged, allowAuthors: gate?.allowAuthors ?? false,
            ttlHours: gate?.ttlHours,
            allowedSigners: context.rules.allowedSigners, signersSource: context.rulesLocation,
            people: context.range.people, now: now, keygen: keygen)
        // The whole history of the note: a revocation dropped by a later notes commit still withdraws.
        let lines = try NoteLines.ledger(repository, commit: context.judged, notesRef: ApprovalRecord.notesRef)
        let (judged, counted) = try judge.judge(lines)
        let verdict: GateVerdict = counted.count >= required ? .pass : .blocked
        var reason = "\(counted.count) of \(required) required approval\(required == 1 ? "" : "s")"
        if !counted.isEmpty { reason += " (\(counted.joined(separator: ", ")))" }
        // Approvals of the same commit for other stages are listed, but are no problem worth counting.
        let rejected = judged.filter { $0.verdict == .rejected && ($0.stage == nil || $0.stage == context.stage.name) }
            .count
        if rejected > 0 { reason += "; \(rejected) record\(rejected == 1 ? "" : "s") rejected" }
        if verdict == .blocked {
            reason +=
                "; a listed approver who did not write the change runs 'promote approve \(context.stage.name) --commit \(context.judged.short)'"
        }
        return GateResult(
            name: "approvals", kind: .approvals, verdict: verdict, reason: reason, approvals: judged, tests: nil,
            deployments: nil)
    }

    /// A merge promote made with `--merge` stands for the source head it merged only when it adds nothing of its own.
    static func judgeMerge(_ context: GateContext, merged: OID, repository: Repository) throws -> GateResult {
        let clean = try repository.isCleanMerge(context.commit)
        let reason =
            clean
            ? "\(context.commit.short) merges \(merged.short) into \(context.stage.branch) and adds nothing of its own; \(merged.short) is what was judged"
            : "\(context.commit.short) is recorded as a merge of \(merged.short) but holds changes of its own (its tree is not the clean merge of its parents); promote the change through \(context.rules.stage?.from ?? "the upstream stage")"
        return GateResult(
            name: "merge", kind: .merge, verdict: clean ? .pass : .blocked, reason: reason, approvals: nil, tests: nil,
            deployments: nil)
    }
}
