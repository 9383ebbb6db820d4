import ArgumentParser
import DeployCore
import Foundation
import PromoteCore

extension Promote {
    /// `promote <from> <to>` (also `promote run <from> <to>`): the promotion itself.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Promote <from> into <to> (the default command: `promote dev tst`).",
            discussion: """
                Promotes what the remote has: fetches both branches and records, takes origin/<from> (or \
                --commit, which must be on it) and starts from origin/<to>; local branches that differ are \
                reported, never published. Runs <to>'s test hooks that have no passing result for the source, only \
                once its approvals pass when <to> requires approvals (--no-run-tests only checks), prints the plan \
                with <to>'s gates, then refuses (exit 2) when <from> is not <to>'s upstream, when <to> cannot \
                fast-forward (unless --merge), when the static checks find errors, or when a gate of <to> blocks \
                (approvals, tests, upstream deploy, model metrics), while <to> is held ('promote hold', 'promote \
                rollback') or while a freeze window of <to> is on (gates.freeze; --break-glass --reason TEXT passes \
                it with a listed approver's signed approval of the commit, and the promotion record says so). \
                Otherwise asks for confirmation on a terminal (--yes skips \
                it), judges the gates once more, checks that the deploy can start (config, and the target's \
                credentials accepted by its token endpoint; not with --no-deploy), records the promotion \
                (refs/notes/promote/promotions, signed with the record key), pushes <to> with compare-and-swap and \
                without force (if the remote moved meanwhile, the record is taken back and nothing changes), moves \
                the local branch, pushes the record, then deploys <to> unless --no-deploy.

                A re-run after an interruption judges and publishes again, and deploys a stage whose head has no \
                successful deploy on record when its gates pass for that head. With --merge, the merge commit is \
                recorded as a promotion of the source head, so CI's gate for it judges that head.

                Exit codes: 0 promoted (or nothing to do), 1 error, 2 refused by a rule or gate, 3 the deploy did \
                not reach its wanted status, 64 bad usage.

                Examples:
                  promote dev tst
                  promote dev tst --dry-run
                  promote tst prd --yes --no-deploy
                  promote dev tst --merge --target emulator
                  promote dev tst --commit 1a2b3c4      # an earlier commit of origin/main
                  promote tst prd --break-glass --reason "INC-4711 hotfix"   # during a freeze, approved commit
                """
        )

        @Argument(help: "The stage to promote from (the upstream).")
        var from: String

        @Argument(help: "The stage to promote into.")
        var to: String

        @OptionGroup var breakGlass: BreakGlassOptions

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The remote to fetch from and push to.", valueName: "name"))
        var remote: String = "origin"

        @Option(
            help: ArgumentHelp(
                "Promote this commit of <from> instead of its head; it must be on <from>'s branch on the remote.",
                valueName: "rev"))
        var commit: String?

        @Flag(help: "Do not ask for confirmation.")
        var yes = false

        @Flag(help: "Plan and check everything, but change nothing.")
        var dryRun = false

        @Flag(help: "When <to> has diverged from <from>, create a merge commit instead of refusing.")
        var merge = false

        @Flag(help: "Move and push the branch, but do not deploy <to>.")
        var noDeploy = false

        @Flag(help: "Do not run <to>'s missing test hooks; only check the recorded results.")
        var noRunTests = false

        @Option(
            help: ArgumentHelp(
                "Deploy to: tenant (credentials from the environment) or emulator (in-process).", valueName: "target"))
        var target = StageDeployment.Target.tenant.rawValue

        @Flag(help: "Also show AI Core's platform log lines while deploying.")
        var platformLogs = false

        func validate() throws {
            guard StageDeployment.Target(rawValue: target) != nil else {
                throw ValidationError("--target must be tenant or emulator, got '\(target)'")
            }
        }

        func run() async throws {
            let workspace = try repository.openWorkspace()
            var request = Promotion.Request(from: from, to: to)
            request.remote = remote
            request.merge = merge
            request.commit = commit
            request.dryRun = dryRun
            request.deploy = !noDeploy
            request.runMissingTests = !noRunTests
            request.deployTarget = StageDeployment.Target(rawValue: target) ?? .tenant
            request.deployOptions = DeployOptions(platformLogs: platformLogs)
            request.breakGlass = breakGlass.value
            let confirm: ((String) -> Bool)?
            if yes || dryRun {
                confirm = nil
            } else if isatty(STDIN_FILENO) == 1 {
                confirm = { question in
                    print("\(question) [y/N] ", terminator: "")
                    fflush(nil)
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
                    return answer == "y" || answer == "yes"
                }
            } else {
                throw PromoteError.confirmationNeeded
            }
            // The spinner starts only after the confirmation question, which needs the terminal to itself.
            let progress = ProgressReporter(label: "promoting \(from) → \(to)", handle: FileHandle.standardOutput)
            let promotion = Promotion(
                workspace: workspace, request: request, environment: ProcessInfo.processInfo.environment,
                say: { line in progress.line(line) },
                confirm: confirm.map { ask in
                    { question in
                        progress.stop()
                        defer { progress.start() }
                        return ask(question)
                    }
                })
            progress.start()
            let result: Promotion.Result
            do {
                result = try await promotion.run()
                progress.stop()
            } catch {
                progress.stop()
                throw error
            }
            switch result.outcome {
            case .refused(let reasons):
                for reason in reasons { FileHandle.standardError.write(Data("refused: \(reason)\n".utf8)) }
                throw ExitCode(2)
            case .promoted(let old, let new):
                print("promoted \(from) → \(to): \(String((old ?? "none").prefix(7))) → \(String(new.prefix(7)))")
            case .upToDate, .dryRun:
                break
            }
            if let report = result.deploy {
                print(report.renderSummary(), terminator: "")
                if report.outcome != "succeeded" { throw ExitCode(3) }
            }
        }
    }
}
