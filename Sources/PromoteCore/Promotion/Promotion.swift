import Foundation
public import DeployCore
public import PromoteGit
public import PromoteModel

/// `promote <from> <to>`: plan, refuse what the rules forbid, move the target branch with compare-and-swap, push it
/// (never forced), record the promotion in git notes, then deploy the target stage.
///
/// Every step is safe to repeat: a re-run after an interruption finishes what is left (a local move not yet pushed,
/// a deploy not yet done) or says exactly where things stand.
public struct Promotion {
    public struct Request: Sendable {
        public var from: String
        public var to: String
        public var remote = "origin"
        public var merge = false
        public var dryRun = false
        public var deploy = true
        /// Run the target's test hooks that have no passing result for the source head before judging the gates.
        public var runMissingTests = true
        public var deployTarget = StageDeployment.Target.tenant
        public var deployOptions = DeployOptions()

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    public enum Outcome: Equatable, Sendable {
        /// The target branch moved (and was pushed, when there is a remote).
        case promoted(old: String?, new: String)
        /// Nothing to promote; any unfinished step of an earlier run was finished.
        case upToDate
        /// `--dry-run`: every check passed; nothing was written.
        case dryRun
        /// The rules forbid this promotion (exit 2).
        case refused([String])
    }

    public struct Result: Sendable {
        public let plan: PromotionPlan
        public let outcome: Outcome
        /// The deploy that followed, when one ran.
        public let deploy: DeployReport?
    }

    let workspace: Workspace
    let request: Request
    let environment: [String: String]
    /// Progress and narration, one line at a time.
    let say: @Sendable (String) -> Void
    /// Asks the person at the terminal; nil when there is nobody to ask (then `--yes` is required).
    let confirm: ((String) -> Bool)?

    public init(
        workspace: Workspace, request: Request, environment: [String: String], say: @escaping @Sendable (String) -> Void,
        confirm: ((String) -> Bool)?
    ) {
        self.workspace = workspace
        self.request = request
        self.environment = environment
        self.say = say
        self.confirm = confirm
    }

    public func run() async throws -> Result {
        let repository = workspace.repository
        let fromStage = try workspace.stages.stage(named: request.from)
        let toStage = try workspace.stages.stage(named: request.to)
        let remote = request.remote
        let hasRemote = repository.hasRemote(named: remote)
        let credentials = hasRemote ? try repository.credentials(forRemote: remote) : GitCredentials.none
        if hasRemote {
            say("fetching \(fromStage.branch) and \(toStage.branch) from \(remote)")
            try StatusFetcher.fetchBranches(repository: repository, remote: remote)
            if !request.dryRun { try NotesSync.pull(repository, remote: remote, credentials: credentials) }
        }
        guard toStage.from == fromStage.name else {
            // Refused whatever the branches look like; the plan still shows how the two stages differ.
            let plan = try PromotionPlan.build(
                repository: repository, stages: workspace.stages, from: fromStage.name, to: toStage.name,
                remote: remote)
            say(plan.renderText().trimmingCharacters(in: .newlines))
            return Result(plan: plan, outcome: .refused([notUpstreamReason(fromStage, toStage)]), deploy: nil)
        }
        let fromHead = try sourceHead(fromStage)
        let target = try TargetBranch(repository, stage: toStage, fromHead: fromHead, remote: remote)
        if request.runMissingTests && !request.dryRun {
            let say = self.say
            let tests = try await TestHookRun.run(
                repository: repository, stages: workspace.stages, stage: toStage.name, commit: fromHead,
                onlyMissing: true, publish: hasRemote, output: say)
            if !tests.runs.isEmpty {
                say("test hooks of \(toStage.name) on \(fromHead.short): \(tests.allPassed ? "passed" : "FAILED")")
            }
        }
        let plan = try PromotionPlan.build(
            repository: repository, stages: workspace.stages, from: fromStage.name, to: toStage.name, remote: remote,
            heads: (from: fromHead, to: target.head))
        say(plan.renderText().trimmingCharacters(in: .newlines))
        say("")

        if plan.branches.status == .upToDate {
            try await finishEarlierRun(target, stage: toStage, hasRemote: hasRemote, credentials: credentials)
            let report = try await deployIfNeeded(commit: target.head, stage: toStage, onlyIfNotDeployed: true)
            return Result(plan: plan, outcome: .upToDate, deploy: report)
        }
        let refusals = refusals(plan, fromStage: fromStage, toStage: toStage, target: target)
        guard refusals.isEmpty else { return Result(plan: plan, outcome: .refused(refusals), deploy: nil) }

        let action = describe(plan, target: target, hasRemote: hasRemote)
        if request.dryRun {
            say("dry run: would \(action); nothing was changed")
            return Result(plan: plan, outcome: .dryRun, deploy: nil)
        }
        if let confirm {
            guard confirm("Promote \(fromStage.name) → \(toStage.name): \(action)?") else {
                throw PromoteError.notConfirmed
            }
        }

        let newHead =
            plan.branches.status == .diverged
            ? try repository.createMergeCommit(
                ours: target.head, theirs: fromHead,
                message: "promote: merge \(fromStage.name) (\(fromHead.short)) into \(toStage.name)\n\n"
                    + "\(toStage.branch) had diverged from \(fromStage.branch); created by promote \(fromStage.name) "
                    + "\(toStage.name) --merge.\n")
            : fromHead
        let identity = repository.actingIdentity(environment: environment)
        let record = PromotionRecord(
            from: fromStage.name, to: toStage.name, branch: toStage.branch, old: target.remote?.hex ?? target.local?.hex,
            new: newHead.hex, merge: newHead != fromHead, by: "\(identity.name) <\(identity.email)>",
            at: ISO8601DateFormatter().string(from: Date()))
        try move(target, to: newHead, stage: toStage, record: record, hasRemote: hasRemote, credentials: credentials)
        if hasRemote { publishNotes(PromotionRecord.notesRef) }
        let report = try await deployIfNeeded(commit: newHead, stage: toStage, onlyIfNotDeployed: false)
        return Result(plan: plan, outcome: .promoted(old: record.old, new: newHead.hex), deploy: report)
    }

    /// The source stage's head: its local branch, else the remote-tracking one.
    private func sourceHead(_ stage: Stage) throws -> OID {
        try BranchHeads(workspace.repository, stage: stage, remote: request.remote).effective
    }

    // MARK: rules

    private func refusals(_ plan: PromotionPlan, fromStage: Stage, toStage: Stage, target: TargetBranch) -> [String] {
        var reasons: [String] = []
        if plan.branches.status == .diverged && !request.merge {
            reasons.append(plan.branches.reason ?? "\(toStage.branch) diverged from \(fromStage.branch)")
        }
        if plan.hasCheckErrors {
            let count = plan.checks.errors == 1 ? "1 error" : "\(plan.checks.errors) errors"
            reasons.append("the static checks found \(count) (listed above); fix them on \(fromStage.branch) first")
        }
        if plan.gates.evaluated && !plan.gates.passed {
            let blocking = plan.gates.lines.filter { $0.contains("BLOCKED") || $0.hasPrefix("gates could not") }
            reasons += blocking.map { "gate of \(toStage.name): \($0)" }
            if blocking.isEmpty { reasons.append("a gate of \(toStage.name) blocks (see the plan above)") }
        }
        if let checkedOut = target.checkedOutIn {
            reasons.append(
                "\(toStage.branch) is checked out in \(checkedOut); switch to another branch first (git switch "
                    + "\(fromStage.branch)) so promote can move it")
        }
        return reasons
    }

    private func notUpstreamReason(_ fromStage: Stage, _ toStage: Stage) -> String {
        let upstream = toStage.from.map { "its upstream is \($0)" } ?? "it is the entry stage"
        return "\(fromStage.name) is not \(toStage.name)'s upstream (\(upstream)); promote through the stage graph "
            + "one step at a time"
    }

    private func describe(_ plan: PromotionPlan, target: TargetBranch, hasRemote: Bool) -> String {
        let move =
            plan.branches.status == .diverged
            ? "merge \(plan.from.head.shortSHA) into \(plan.to.branch) (\(target.head.short))"
            : "move \(plan.to.branch) from \(target.head.short) to \(plan.from.head.shortSHA)"
        let push = hasRemote ? ", push it to \(request.remote)" : ""
        let deploy = request.deploy ? ", then deploy \(plan.to.stage)" : " (no deploy)"
        return move + push + deploy
    }

    // MARK: moving the branch

    /// Moves the local branch with compare-and-swap, then the remote one; a remote that moved meanwhile puts the
    /// local branch back, so the two never disagree silently.
    ///
    /// The promotion is recorded right after the local move, before the push: a run interrupted after that still
    /// has its record, and the next run pushes both. A push that is refused takes the record back with the branch.
    private func move(
        _ target: TargetBranch, to newHead: OID, stage: Stage, record: PromotionRecord, hasRemote: Bool,
        credentials: GitCredentials
    ) throws {
        let repository = workspace.repository
        let reference = "refs/heads/\(stage.branch)"
        try repository.updateReference(
            reference, to: newHead, expecting: target.local, message: "promote: \(request.from) → \(request.to)")
        say("moved \(stage.branch) to \(newHead.short) (was \(target.local?.short ?? "absent"))")
        try record.write(to: repository)
        say("recorded the promotion in \(PromotionRecord.notesRef)")
        guard hasRemote else {
            say("no remote \(request.remote): the promotion is local only")
            return
        }
        let pushed = Swift.Result { () throws(GitError) in
            try repository.pushReference(
                reference, to: newHead, expecting: target.remote, remote: request.remote, credentials: credentials)
        }
        switch pushed {
        case .success:
            say("pushed \(stage.branch) to \(request.remote) (\(target.remote?.short ?? "new branch") → \(newHead.short))")
        case .failure(let error):
            switch error {
            case .referenceMoved, .nonFastForward, .pushRejected, .referenceLocked:
                try restore(reference, to: target.local, from: newHead)
                try record.remove(from: repository)
                throw PromoteError.remoteMoved(
                    branch: stage.branch, remote: request.remote, detail: error.localizedDescription)
            default:
                throw PromoteError.pushFailed(
                    branch: stage.branch, remote: request.remote, commit: newHead.short,
                    detail: error.localizedDescription, rerun: "promote \(request.from) \(request.to)")
            }
        }
    }

    private func restore(_ reference: String, to old: OID?, from new: OID) throws {
        let repository = workspace.repository
        if let old {
            try repository.updateReference(reference, to: old, expecting: new, message: "promote: undo, push refused")
        } else {
            try repository.deleteReference(reference, expecting: new)
        }
        say("put \(reference.dropFirst("refs/heads/".count)) back to \(old?.short ?? "absent"): nothing changed")
    }

    /// An earlier run that moved the local branch but did not push it, or a local branch behind the remote.
    private func finishEarlierRun(
        _ target: TargetBranch, stage: Stage, hasRemote: Bool, credentials: GitCredentials
    ) async throws {
        let repository = workspace.repository
        let reference = "refs/heads/\(stage.branch)"
        guard hasRemote, let remoteHead = target.remote else {
            say("\(stage.branch) is already at \(target.head.short): nothing to promote")
            return
        }
        if let local = target.local, local != remoteHead, try repository.isAncestor(remoteHead, of: local) {
            if request.dryRun {
                say("dry run: \(stage.branch) is ahead of \(request.remote) (\(remoteHead.short) → \(local.short)); would push it")
                return
            }
            try repository.pushReference(
                reference, to: local, expecting: remoteHead, remote: request.remote, credentials: credentials)
            say("pushed \(stage.branch) to \(request.remote): \(remoteHead.short) → \(local.short) (finishing an earlier promotion)")
            publishNotes(PromotionRecord.notesRef)
        } else if target.local != remoteHead, !request.dryRun, target.checkedOutIn == nil {
            try repository.updateReference(
                reference, to: remoteHead, expecting: target.local, message: "promote: follow \(request.remote)")
            say("updated local \(stage.branch) to \(request.remote)/\(stage.branch) (\(remoteHead.short))")
        } else {
            say("\(stage.branch) is already at \(target.head.short): nothing to promote")
        }
    }

    /// Pushes a notes ref after a record was written; a failed push leaves the record local, and the next run
    /// pushes it.
    private func publishNotes(_ notesRef: String) {
        let publication = NotesSync.publish(notesRef, repository: workspace.repository, remote: request.remote)
        say(publication.failed ? "warning: \(notesRef) \(publication.message)" : "\(notesRef) \(publication.message)")
    }

    // MARK: deploying

    private func deployIfNeeded(commit: OID, stage: Stage, onlyIfNotDeployed: Bool) async throws -> DeployReport? {
        guard request.deploy, !request.dryRun else { return nil }
        if onlyIfNotDeployed,
            try DeploymentRecord.all(on: commit, in: workspace.repository).contains(where: {
                $0.stage == stage.name && $0.succeeded
            })
        {
            return nil
        }
        say(onlyIfNotDeployed ? "\(stage.name) has no successful deploy of \(commit.short) yet: deploying it" : "deploying \(stage.name)")
        let say = self.say
        let report = try await StageDeployment.run(
            workspace: workspace, stageName: stage.name, revision: commit.hex, options: request.deployOptions,
            target: request.deployTarget, environment: environment, output: DeployOutput { say($0) })
        return report
    }
}
