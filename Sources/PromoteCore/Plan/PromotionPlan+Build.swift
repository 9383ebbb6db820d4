import Foundation
public import PromoteGit
public import PromoteModel

extension PromotionPlan {
    /// Plans promoting `from` into `to`. Reads only. `heads` overrides the branch heads (the promotion command plans
    /// against the heads it fetched); without it each stage's local branch is used, else its remote-tracking one.
    public static func build(
        repository: Repository, stages: StageSet, from fromName: String, to toName: String, remote: String = "origin",
        includePatch: Bool = false, heads: (from: OID, to: OID)? = nil, breakGlass: BreakGlass? = nil
    ) throws -> PromotionPlan {
        let fromStage = try stages.stage(named: fromName)
        let toStage = try stages.stage(named: toName)
        // What the remote has: what a promotion would judge and publish.
        let fromHead = try heads?.from ?? BranchHeads(repository, stage: fromStage, remote: remote).published
        let toHead = try heads?.to ?? BranchHeads(repository, stage: toStage, remote: remote).published

        let relation = try branchRelation(repository, from: fromHead, to: toHead, toStage: toStage)
        let commits = try repository.commits(from: toHead, to: fromHead).map(CommitSummary.init)

        // Templates: the target's folder setting decides what AI Core reads for that stage.
        let templatesPath = toStage.aicore.templatesPath
        let newTemplates = try TemplateSnapshot(repository, commit: fromHead, path: templatesPath)
        let oldTemplates = try TemplateSnapshot(repository, commit: toHead, path: templatesPath)
        let config = try ConfigComparison(repository, stage: toStage, old: toHead, new: fromHead)
        let (executables, checks) = try content(
            repository, old: oldTemplates, new: newTemplates, config: config, target: toStage, commit: fromHead)

        var patch: String?
        if includePatch {
            let paths =
                [templatesPath == "." ? "" : templatesPath, toStage.deploy.config]
                + [toStage.deploy.overlay]
                .compactMap { $0 }
            patch = try repository.patches(from: toHead, to: fromHead, paths: paths.filter { !$0.isEmpty })
                .map(\.text).joined()
        }
        return PromotionPlan(
            from: PlanStage(
                stage: fromStage.name, branch: fromStage.branch, head: CommitSummary(try repository.commit(fromHead))),
            to: PlanStage(
                stage: toStage.name, branch: toStage.branch, head: CommitSummary(try repository.commit(toHead))),
            directUpstream: toStage.from == fromStage.name, branches: relation, commits: commits,
            templates: TemplateSection(path: templatesPath, executables: executables),
            config: config.section, checks: checks,
            gates: gateSection(
                repository, stages: stages, target: toStage, head: toHead, commit: fromHead, breakGlass: breakGlass),
            patch: patch)
    }

    /// The target stage's gates for the source head, judged by the rules on the target branch. A failure to
    /// evaluate them (unreadable rules) is shown as a blocking line rather than hiding the rest of the plan.
    private static func gateSection(
        _ repository: Repository, stages: StageSet, target: Stage, head: OID, commit: OID, breakGlass: BreakGlass?
    ) -> GateSection {
        do {
            return GateSection(
                try GateEvaluator.evaluate(
                    repository: repository, stages: stages, stage: target.name, commit: commit, head: head,
                    breakGlass: breakGlass))
        } catch {
            return GateSection(
                evaluated: true, passed: false, lines: ["gates could not be evaluated: \(error.localizedDescription)"])
        }
    }

    private static func branchRelation(_ repository: Repository, from: OID, to: OID, toStage: Stage) throws
        -> BranchRelation
    {
        let counts = try repository.aheadBehind(from, to)
        if counts.ahead == 0 {
            return BranchRelation(status: .upToDate, ahead: 0, behind: counts.behind, reason: nil, onlyOnTarget: [])
        }
        if counts.behind == 0 {
            return BranchRelation(
                status: .fastForward, ahead: counts.ahead, behind: 0, reason: nil, onlyOnTarget: [])
        }
        let only = try repository.commits(from: from, to: to).map(CommitSummary.init)
        let noun = only.count == 1 ? "commit" : "commits"
        return BranchRelation(
            status: .diverged, ahead: counts.ahead, behind: counts.behind,
            reason: "\(toStage.branch) has \(only.count) \(noun) that the source lacks, so it cannot fast-forward; "
                + "bring them into the source branch first, or promote with --merge",
            onlyOnTarget: only)
    }
}
