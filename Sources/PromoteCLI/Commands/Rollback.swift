import ArgumentParser
import DeployCore
import Foundation
import PromoteCore
import PromoteGit

extension Promote {
    /// `promote rollback <stage>`: put the previous model back, and keep it there.
    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollback",
            abstract: "Deploy a stage's previous successful deploy again and hold the stage there.",
            discussion: """
                Picks the commit: by default the stage's last successful deploy before its current one, read from \
                the deploy records its rules accept (signed where the stage requires it) on its branch's history; \
                --to names another such commit (anything else is refused, listing the ones it could choose).

                Then records the rollback (who, when, from which commit to which, --reason, the CI run) in \
                refs/notes/promote/holds, which holds the stage, and deploys that commit's content to the stage's \
                tenant. No branch is rewritten or force-pushed: the stage's git-sync application is pointed at the \
                commit instead, and the next deploy of the branch head points it back. Deployments with \
                existing_deployment_id get the earlier configuration back in place (same URL, no downtime); other \
                deployments are started again as the config says; executions are not re-run unless \
                --rerun-executions (clean-up then leaves them alone too).

                While held, promotions into the stage and deploys of any other commit are refused (exit 2) until \
                'promote release <stage>'. A freeze window applies to a rollback too: --break-glass passes it with \
                a listed approver's signed approval of the commit.

                Exit codes: 0 rolled back; 1 nothing to roll back to, or the deploy could not start; 2 refused \
                (a freeze window); 3 a deployment did not reach its status.

                Examples:
                  promote rollback prd --reason "INC-4711: fraud scores look wrong"
                  promote rollback prd --to 1a2b3c4 --reason "back to the November model"
                  promote rollback prd --target emulator --reason "rehearsal"
                """
        )

        @Argument(help: "The stage to roll back.")
        var stage: String

        @Option(help: ArgumentHelp("The earlier deployed commit to go back to.", valueName: "rev"))
        var to: String?

        @OptionGroup var breakGlass: BreakGlassOptions

        @Flag(help: "Start the executions of that commit's config again too (default: leave executions alone).")
        var rerunExecutions = false

        @Option(
            help: ArgumentHelp(
                "tenant (from the environment) or emulator (in-process, no tenant needed).", valueName: "target"))
        var target = StageDeployment.Target.tenant.rawValue

        @Flag(help: "Also show AI Core's platform log lines (time=...).")
        var platformLogs = false

        @Flag(help: "Print the deploy report as JSON on stdout (schema promote.deploy/v1); progress goes to stderr.")
        var json = false

        @OptionGroup var repository: RepositoryOptions

        func validate() throws {
            guard StageDeployment.Target(rawValue: target) != nil else {
                throw ValidationError("--target must be tenant or emulator, got '\(target)'")
            }
        }

        func run() async throws {
            let workspace = try repository.openWorkspace()
            let progress = ProgressReporter(
                label: "rolling back \(stage)", handle: json ? FileHandle.standardError : FileHandle.standardOutput)
            progress.start()
            defer { progress.stop() }
            var request = StageRollback.Request(stage: stage, reason: breakGlass.reason ?? "")
            request.to = to
            request.rerunExecutions = rerunExecutions
            request.breakGlass = breakGlass.value
            request.target = StageDeployment.Target(rawValue: target) ?? .tenant
            request.options = DeployOptions(platformLogs: platformLogs)
            let result = try await StageRollback.run(
                workspace: workspace, request: request, environment: ProcessInfo.processInfo.environment,
                output: DeployOutput { line in progress.line(line) })
            progress.stop()
            if json {
                print(try JSONOutput.encode(result.deploy), terminator: "")
            } else {
                print(result.deploy.renderSummary(), terminator: "")
                print(
                    "rolled \(stage) back to \(result.to.short) (was \(result.from?.short ?? "none")); held until 'promote release \(stage)'"
                )
            }
            if result.deploy.outcome != "succeeded" { throw ExitCode(3) }
        }
    }
}
