public import DeployCore
public import Foundation
public import PromoteGit
public import PromoteModel

/// `promote rollback <stage>`: deploy an earlier successfully deployed commit of the stage again, without moving any
/// branch, and hold the stage there until a person releases it.
public enum StageRollback {
    public struct Request: Sendable {
        public var stage: String
        /// `--to`: the commit to go back to; by default the stage's last successful deploy before its current one.
        public var to: String?
        public var reason: String
        public var rerunExecutions = false
        public var breakGlass: BreakGlass?
        public var target = StageDeployment.Target.tenant
        public var options = DeployOptions()

        public init(stage: String, reason: String) {
            self.stage = stage
            self.reason = reason
        }
    }

    /// A successful deploy of the stage that its rules accept (`RecordCheck`), on the stage branch's history.
    public struct Candidate: Sendable, Equatable {
        public let commit: OID
        public let finishedAt: String
    }

    public struct Result: Sendable {
        public let from: OID?
        public let to: OID
        public let hold: HoldEvent
        public let publication: NotesPublication?
        public let deploy: DeployReport
    }

    public static func run(
        workspace: Workspace, request: Request, environment: [String: String], output: DeployOutput
    ) async throws -> Result {
        let repository = workspace.repository
        let stage = try workspace.stages.stage(named: request.stage)
        if repository.hasRemote(named: NotesSync.defaultRemote) {
            try StatusFetcher.fetchBranches(repository: repository, remote: NotesSync.defaultRemote)
            try NotesSync.fetchRecords(repository: repository)
        }
        let (from, to) = try choose(repository: repository, stages: workspace.stages, stage: stage, to: request.to)
        // Freezes apply to a rollback like to any deploy; a hold does not (a rollback is how a held stage recovers).
        _ = try StageAdmission.check(
            repository: repository, stages: workspace.stages, stage: stage.name, commit: to,
            breakGlass: request.breakGlass, rollback: true)
        let placed = try StageHolds.place(
            repository: repository, stages: workspace.stages, stage: stage.name, reason: request.reason,
            rollback: (from?.hex, to.hex), environment: environment)
        await output.line(
            "rolling \(stage.name) back from \(from?.short ?? "nothing") to \(to.short); held (\(placed.event.id)) until a person who may approve \(stage.name) runs 'promote release \(stage.name)'; hold record \(placed.publication?.message ?? "kept locally")"
        )
        var options = request.options
        options.skipsExecutions = !request.rerunExecutions
        let report = try await StageDeployment.run(
            workspace: workspace, stageName: stage.name, revision: to.hex, options: options, target: request.target,
            environment: environment, output: output, breakGlass: request.breakGlass, rollback: true)
        return Result(from: from, to: to, hold: placed.event, publication: placed.publication, deploy: report)
    }

    /// The stage's current deploy and the commit to go back to: `to`, or the newest accepted successful deploy of
    /// another commit before the current one.
    public static func choose(repository: Repository, stages: StageSet, stage: Stage, to revision: String?) throws
        -> (from: OID?, to: OID)
    {
        let candidates = try deploys(repository: repository, stages: stages, stage: stage)
        let current = candidates.first?.commit
        let earlier = candidates.filter { $0.commit != current }
        let listing =
            earlier.isEmpty
            ? "there is none"
            : "choose one of "
                + earlier.prefix(10).map { "\($0.commit.short) (\($0.finishedAt))" }.joined(separator: ", ")
        guard let revision else {
            guard let target = earlier.first else {
                throw PromoteError.rollbackTargetRefused(
                    stage: stage.name,
                    reason: current == nil
                        ? "no successful deploy of \(stage.name) is on record (refs/notes/promote/deployments), so there is nothing to go back to"
                        : "\(current?.short ?? "?") is the only commit successfully deployed to \(stage.name); there is no earlier one to go back to"
                )
            }
            return (current, target.commit)
        }
        let wanted: OID
        do {
            wanted = try repository.resolve(revision)
        } catch {
            throw PromoteError.rollbackTargetRefused(
                stage: stage.name,
                reason: "--to \(revision) is not a commit here (\(error.localizedDescription)); \(listing)")
        }
        if wanted == current {
            throw PromoteError.rollbackTargetRefused(
                stage: stage.name,
                reason: "\(stage.name) already runs \(wanted.short) (its newest successful deploy); \(listing)")
        }
        guard earlier.contains(where: { $0.commit == wanted }) else {
            throw PromoteError.rollbackTargetRefused(
                stage: stage.name,
                reason:
                    "\(wanted.short) was never successfully deployed to \(stage.name) by a record its rules accept, on \(stage.branch)'s history; \(listing)"
            )
        }
        return (current, wanted)
    }

    /// Every commit with a successful deploy record of `stage` that the stage's rules accept (signed where they
    /// require it) and that is on the stage branch's history, newest deploy first (by the order the records were
    /// written), one entry per commit.
    public static func deploys(repository: Repository, stages: StageSet, stage: Stage) throws -> [Candidate] {
        let head = try BranchHeads(repository, stage: stage, remote: NotesSync.defaultRemote).published
        let context = try GateContext.resolve(
            repository: repository, stages: stages, stage: stage.name, commit: head, head: head)
        let records = RecordCheck(context: context, required: context.rules.stage?.gates.requiresSignedRecords ?? true)
        // Newest by the order the records were written (their times have whole seconds only), one per commit.
        var latest: [OID: (sequence: Int, finishedAt: String)] = [:]
        for (sequence, entry) in try repository.noteHistoryInOrder(notesRef: StageDeployment.notesRef).enumerated() {
            guard let record = DeploymentRecord.parse(entry.line), record.stage == stage.name, record.succeeded,
                record.commit == entry.commit.hex,
                try records.check(record.record, stage: stage.name).problem == nil,
                try entry.commit == head || repository.isAncestor(entry.commit, of: head)
            else { continue }
            latest[entry.commit] = (sequence, record.finishedAt)
        }
        return latest.sorted { $0.value.sequence > $1.value.sequence }
            .map { Candidate(commit: $0.key, finishedAt: $0.value.finishedAt) }
    }
}
