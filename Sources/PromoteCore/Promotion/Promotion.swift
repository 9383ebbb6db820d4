import AICore
public import DeployCore
import Foundation
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
        /// `--commit`: promote this commit of the source stage instead of its head; it must be on the remote's branch.
        public var commit: String?
        public var dryRun = false
        public var deploy = true
        /// Run the target's test hooks that have no passing result for the source head before judging the gates.
        public var runMissingTests = true
        public var deployTarget = StageDeployment.Target.tenant
        public var deployOptions = DeployOptions()
        /// `--break-glass --reason`: pass a freeze window on a listed approver's signed approval of the commit.
        public var breakGlass: BreakGlass?

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
        workspace: Workspace, request: Request, environment: [String: String],
        say: @escaping @Sendable (String) -> Void,
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
        let source = try SourceCommit(
            repository, stage: fromStage, remote: remote, hasRemote: hasRemote, revision: request.commit)
        let target = try TargetBranch(repository, stage: toStage, remote: remote, hasRemote: hasRemote)
        for remark in source.remarks + target.remarks { say("note: \(remark)") }
        let fromHead = source.commit
        if request.runMissingTests && !request.dryRun {
            try await runMissingHooks(of: toStage, on: fromHead, head: target.head, publish: hasRemote)
        }
        let plan = try PromotionPlan.build(
            repository: repository, stages: workspace.stages, from: fromStage.name, to: toStage.name, remote: remote,
            heads: (from: fromHead, to: target.head), breakGlass: request.breakGlass)
        say(plan.renderText().trimmingCharacters(in: .newlines))
        say("")

        if plan.branches.status == .upToDate {
            return try await settleUpToDate(plan, target, stage: toStage)
        }
        let refusals = refusals(plan, fromStage: fromStage, toStage: toStage, target: target, hasRemote: hasRemote)
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
        // The one judgement the publication rests on, made now (not when the plan was printed, nor by an earlier
        // run): an approval revoked or expired meanwhile stops it.
        let judgement = try GateEvaluator.evaluate(
            repository: repository, stages: workspace.stages, stage: toStage.name, commit: fromHead, head: target.head,
            breakGlass: request.breakGlass)
        guard judgement.passed else {
            return Result(plan: plan, outcome: .refused(blockingReasons(judgement, stage: toStage)), deploy: nil)
        }
        let isMerge = plan.branches.status == .diverged
        try await preflight(commit: fromHead, stage: toStage)
        let newHead =
            isMerge
            ? try repository.createMergeCommit(
                ours: target.head, theirs: fromHead,
                message: "promote: merge \(fromStage.name) (\(fromHead.short)) into \(toStage.name)\n\n"
                    + "\(toStage.branch) had diverged from \(fromStage.branch); created by promote \(fromStage.name) "
                    + "\(toStage.name) --merge.\n")
            : fromHead
        var record = PromotionRecord(
            from: fromStage.name, to: toStage.name, branch: toStage.branch, old: target.head.hex, new: newHead.hex,
            merge: isMerge, base: judgement.rules.commit, merged: isMerge ? fromHead.hex : nil,
            origin: .current(repository: repository, environment: environment), at: RecordTime.format(Date()))
        record.breakGlass = judgement.gates.compactMap(\.freeze).filter { $0.breakGlass != nil }
        try publish(target, to: newHead, stage: toStage, record: record, hasRemote: hasRemote, credentials: credentials)
        if hasRemote { publishNotes(PromotionRecord.notesRef) }
        let report = try await deployIfNeeded(commit: newHead, stage: toStage, onlyIfNotDeployed: false)
        return Result(plan: plan, outcome: .promoted(old: record.old, new: newHead.hex), deploy: report)
    }

    // MARK: rules

    private func refusals(
        _ plan: PromotionPlan, fromStage: Stage, toStage: Stage, target: TargetBranch, hasRemote: Bool
    ) -> [String] {
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
        if let checkedOut = target.checkedOutIn, !hasRemote {
            reasons.append(
                "\(toStage.branch) is checked out in \(checkedOut); switch to another branch first (git switch "
                    + "\(fromStage.branch)) so promote can move it")
        }
        return reasons
    }

    private func blockingReasons(_ report: GateReport, stage: Stage) -> [String] {
        report.blocking.map { "gate of \(stage.name): \($0.name): BLOCKED: \($0.reason)" }
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

    // MARK: before anything moves

    /// The target's test hooks that have no passing result for `commit`, run only once the approvals pass when the
    /// stage requires approvals: unreviewed code never runs in a job that may hold secrets.
    private func runMissingHooks(of stage: Stage, on commit: OID, head: OID, publish: Bool) async throws {
        let repository = workspace.repository
        let context = try GateContext.resolve(
            repository: repository, stages: workspace.stages, stage: stage.name, commit: commit, head: head)
        if let gate = context.rules.stage?.gates.approvals, gate.required > 0 {
            let approvals = try GateEvaluator.judgeApprovals(
                gate, context, repository: repository, now: Date(), keygen: SSHKeygen.locate())
            guard approvals.verdict == .pass else {
                say(
                    "not running \(stage.name)'s test hooks on \(commit.short) yet: its approvals do not pass (\(approvals.reason)); unreviewed code does not run here"
                )
                return
            }
        }
        let say = self.say
        let tests = try await TestHookRun.run(
            repository: repository, stages: workspace.stages, stage: stage.name, commit: commit,
            onlyMissing: true, publish: publish, environment: environment, output: say)
        if !tests.runs.isEmpty {
            say("test hooks of \(stage.name) on \(commit.short): \(tests.allPassed ? "passed" : "FAILED")")
        }
    }

    /// Makes sure the deploy that follows a move can start: the config at `commit` loads and checks, and (deploying
    /// to a tenant) the stage's credentials are there and accepted by its token endpoint. `--no-deploy` skips the
    /// credentials.
    private func preflight(commit: OID, stage: Stage) async throws {
        let repository = workspace.repository
        do {
            _ = try StageDeployment.config(repository, stage: stage, commit: commit)
        } catch {
            throw PromoteError.preflightFailed(
                stage: stage.name, commit: commit.short, detail: error.localizedDescription)
        }
        guard request.deploy, request.deployTarget == .tenant else { return }
        let credentials: AICoreCredentials
        do {
            credentials = try AICoreCredentials.fromEnvironment(
                environment, prefix: stage.aicore.envPrefix, defaultResourceGroup: stage.aicore.resourceGroup,
                stage: stage.name)
        } catch {
            throw PromoteError.preflightFailed(
                stage: stage.name, commit: commit.short, detail: error.localizedDescription)
        }
        let client = AICoreClient(credentials: credentials)
        do {
            try await client.checkCredentials()
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw PromoteError.preflightFailed(
                stage: stage.name, commit: commit.short, detail: error.localizedDescription)
        }
        say("preflight: \(stage.name)'s credentials are accepted and its deploy config at \(commit.short) loads")
    }

    // MARK: publishing

    /// Records the promotion (signed, when there is a record key), pushes the branch with compare-and-swap and then
    /// moves the local branch. A refused or failed push takes the record back: the remote and the records stay as
    /// they were.
    private func publish(
        _ target: TargetBranch, to newHead: OID, stage: Stage, record: PromotionRecord, hasRemote: Bool,
        credentials: GitCredentials
    ) throws {
        let repository = workspace.repository
        let reference = "refs/heads/\(stage.branch)"
        let signer = try RecordSigner.resolve(repository: repository, environment: environment)
        if !signer.signs { say(RecordSigner.unsignedWarning) }
        let written = try record.write(to: repository, signer: signer)
        say("recorded the promotion in \(PromotionRecord.notesRef)\(signer.signs ? " (signed)" : "")")
        if hasRemote {
            // A hold placed since the gates were judged (an incident declared while this promotion ran) stops it
            // here, at the last moment before the branch moves: its record is taken back, the hold stays.
            if let hold = try heldMeanwhile(stage: stage, credentials: credentials) {
                try PromotionRecord.remove(written: written, from: repository)
                throw StageRefusal(
                    "not promoting into \(stage.name): \(hold.describe()); the promotion record was taken back and nothing moved"
                )
            }
            let pushed = Swift.Result { () throws(GitError) in
                try repository.pushReference(
                    reference, to: newHead, expecting: target.remote, remote: request.remote, credentials: credentials)
            }
            if case .failure(let error) = pushed {
                try PromotionRecord.remove(written: written, from: repository)
                switch error {
                case .referenceMoved, .nonFastForward, .pushRejected, .referenceLocked:
                    throw PromoteError.remoteMoved(
                        branch: stage.branch, remote: request.remote, detail: error.localizedDescription)
                default:
                    throw PromoteError.pushFailed(
                        branch: stage.branch, remote: request.remote, commit: newHead.short,
                        detail: error.localizedDescription, rerun: "promote \(request.from) \(request.to)")
                }
            }
            say(
                "pushed \(stage.branch) to \(request.remote) (\(target.remote?.short ?? "new branch") → \(newHead.short))"
            )
        }
        guard try target.localFollows(newHead, in: repository), target.checkedOutIn == nil || !hasRemote else {
            say(
                "left local \(stage.branch) at \(target.local?.short ?? "-") as it is (it is checked out, or has commits \(newHead.short) lacks)"
            )
            return
        }
        do {
            try repository.updateReference(
                reference, to: newHead, expecting: target.local, message: "promote: \(request.from) → \(request.to)")
        } catch {
            guard !hasRemote else {
                say("warning: could not move local \(stage.branch) to \(newHead.short): \(error.localizedDescription)")
                return
            }
            try PromotionRecord.remove(written: written, from: repository)
            throw error
        }
        say("moved \(stage.branch) to \(newHead.short) (was \(target.local?.short ?? "absent"))")
        if !hasRemote { say("no remote \(request.remote): the promotion is local only") }
    }

    /// The stage's hold state as the remote has it now, when it is held.
    private func heldMeanwhile(stage: Stage, credentials: GitCredentials) throws -> StageHold? {
        let repository = workspace.repository
        try NotesSync.pull(repository, remote: request.remote, credentials: credentials)
        let hold = try StageHolds.current(repository: repository, stages: workspace.stages, stage: stage.name).hold
        return hold.isHeld ? hold : nil
    }

    /// Nothing to move: the local branch follows the remote when it is behind, and a head with no successful deploy
    /// is deployed, but only when its gates let it in (it may have reached the branch without promote).
    private func settleUpToDate(_ plan: PromotionPlan, _ target: TargetBranch, stage: Stage) async throws -> Result {
        let repository = workspace.repository
        if let local = target.local, local != target.head, !request.dryRun, target.checkedOutIn == nil,
            try repository.isAncestor(local, of: target.head)
        {
            try repository.updateReference(
                "refs/heads/\(stage.branch)", to: target.head, expecting: local,
                message: "promote: follow \(request.remote)")
            say("updated local \(stage.branch) to \(request.remote)/\(stage.branch) (\(target.head.short))")
        }
        guard request.deploy, !request.dryRun, try !hasSuccessfulDeploy(target.head, stage: stage) else {
            say("\(stage.branch) is already at \(target.head.short): nothing to promote")
            return Result(plan: plan, outcome: .upToDate, deploy: nil)
        }
        let judgement = try GateEvaluator.evaluate(
            repository: repository, stages: workspace.stages, stage: stage.name, commit: target.head,
            head: target.head, breakGlass: request.breakGlass)
        guard judgement.passed else {
            let reasons = blockingReasons(judgement, stage: stage).map {
                "\(stage.branch) is at \(target.head.short) with no successful deploy on record, and its gates do not let it in: \($0)"
            }
            return Result(plan: plan, outcome: .refused(reasons), deploy: nil)
        }
        let report = try await deployIfNeeded(commit: target.head, stage: stage, onlyIfNotDeployed: true)
        return Result(plan: plan, outcome: .upToDate, deploy: report)
    }

    /// Pushes a notes ref after a record was written; a failed push leaves the record local, and the next run
    /// pushes it.
    private func publishNotes(_ notesRef: String) {
        let publication = NotesSync.publish(notesRef, repository: workspace.repository, remote: request.remote)
        say(publication.failed ? "warning: \(notesRef) \(publication.message)" : "\(notesRef) \(publication.message)")
    }

    private func hasSuccessfulDeploy(_ commit: OID, stage: Stage) throws -> Bool {
        try DeploymentRecord.all(on: commit, in: workspace.repository).contains {
            $0.stage == stage.name && $0.succeeded
        }
    }

    // MARK: deploying

    private func deployIfNeeded(commit: OID, stage: Stage, onlyIfNotDeployed: Bool) async throws -> DeployReport? {
        guard request.deploy, !request.dryRun else { return nil }
        if onlyIfNotDeployed, try hasSuccessfulDeploy(commit, stage: stage) { return nil }
        say(
            onlyIfNotDeployed
                ? "\(stage.name) has no successful deploy of \(commit.short) yet: deploying it"
                : "deploying \(stage.name)")
        let say = self.say
        let report = try await StageDeployment.run(
            workspace: workspace, stageName: stage.name, revision: commit.hex, options: request.deployOptions,
            target: request.deployTarget, environment: environment, output: DeployOutput { say($0) },
            breakGlass: request.breakGlass)
        return report
    }
}
