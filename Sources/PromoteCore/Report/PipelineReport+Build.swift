public import Foundation
public import PromoteGit
public import PromoteModel

extension PipelineReport {
    /// Reads the whole pipeline from the repository: what `status`, `plan` (for each stage behind its upstream),
    /// `history` and `metrics` would print, and the marks that follow from them. Reads only; records must already be
    /// local (`NotesSync.pull` fetches them).
    public static func build(repository: Repository, stages: StageSet, remote: String, now: Date = Date()) throws
        -> PipelineReport
    {
        let status = try StatusReport.build(repository: repository, stages: stages, remote: remote)
        var promotions: [PendingPromotion] = []
        for stage in stages.stages {
            guard let upstream = stage.from else { continue }
            let plan = try PromotionPlan.build(
                repository: repository, stages: stages, from: upstream, to: stage.name, remote: remote)
            guard plan.branches.status != .upToDate else { continue }
            let steps = UnblockStep.steps(for: plan)
            promotions.append(
                PendingPromotion(
                    from: upstream, to: stage.name, ready: steps.allSatisfy { $0.gate == "promote" }, plan: plan,
                    steps: steps))
        }
        let overviews = try status.stages.map { stageStatus in
            try overview(
                repository, stage: try stages.stage(named: stageStatus.name), status: stageStatus, stages: stages,
                pending: promotions.first { $0.to == stageStatus.name }, now: now)
        }
        return PipelineReport(
            generatedAt: RecordTime.format(now), status: status, stages: overviews, promotions: promotions)
    }

    private static func overview(
        _ repository: Repository, stage: Stage, status: StageStatus, stages: StageSet, pending: PendingPromotion?,
        now: Date
    ) throws -> StageOverview {
        let history = try StageHistory.read(repository, stage: stage.name, stages: stages)
        let lastDeploy = history.events.first { $0.kind == "deployment" }.map {
            DeployAttempt(commit: $0.commit, outcome: $0.outcome ?? "", finishedAt: $0.at, run: $0.run)
        }
        let head = try repository.resolve(status.head.sha)
        let rules = try GateRules.load(repository, stageName: stage.name, at: head)
        let frozen = (rules.stage?.gates.freeze ?? []).compactMap { window in
            window.end(ifOnAt: now).map { "\(window.name) until \(FreezeWindow.utc($0))" }
        }
        let metrics = rules.stage == nil ? nil : try StageMetrics.read(repository, stage: stage, rulesCommit: head)

        var marks: [StageOverview.Mark] = []
        if let pending, !pending.ready { marks.append(.blocked) }
        if (status.aheadOfUpstream ?? 0) > 0 { marks.append(.diverged) }
        if status.hold != nil { marks.append(.held) }
        if !frozen.isEmpty { marks.append(.frozen) }
        if let lastDeploy, lastDeploy.outcome != "succeeded" { marks.append(.deployFailed) }
        return StageOverview(
            name: stage.name, marks: marks, lastDeploy: lastDeploy,
            deployedIsHead: status.deployed.map { $0.sha == status.head.sha }, frozenWindows: frozen,
            history: history, metrics: metrics)
    }
}
