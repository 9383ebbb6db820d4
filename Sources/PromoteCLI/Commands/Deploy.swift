import ArgumentParser
import DeployCore
import Foundation
import PromoteCore
import PromoteModel

extension Promote {
    /// `promote deploy <stage>`: reconcile the stage's deploy config against its AI Core tenant and follow it.
    struct Deploy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deploy",
            abstract: "Deploy a stage's branch head (or --commit) to its AI Core tenant and follow the result.",
            discussion: """
                Reads the deploy config (stage file's deploy.config plus its overlay) at the commit, then: ensures \
                the resource group, refreshes the git-sync application and waits until it has synced that commit, \
                checks the config against the synced executables, cleans up earlier runs (deploy.clean_up scope), \
                reuses or creates artifacts and configurations, keeps the execution schedules as the config lists \
                them (created, updated or kept; with clean_up, removed once no longer listed), starts executions and \
                deployments at once, follows all of them with their logs, updates BTP destinations, prints a summary \
                and records the deploy in git notes (refs/notes/promote/deployments).

                Credentials come from <env_prefix>AUTH_URL, BASE_URL, CLIENT_ID, CLIENT_SECRET (and RESOURCE_GROUP, \
                defaulting to the stage's); destinations need <env_prefix>DESTINATION_URL, _AUTH_URL, _CLIENT_ID, \
                _CLIENT_SECRET. Secrets are never printed.

                Holds and freezes: while the stage is held ('promote hold', 'promote rollback') only the commit it was \
                rolled back to may be deployed; while a freeze window of its stage file (gates.freeze) is on, \
                nothing may, unless --break-glass --reason TEXT and a listed approver signed an approval of the \
                commit. A commit other than the branch head is deployed by pointing the git-sync application at it; \
                the next deploy of the head points it back.

                Exit codes: 0 every waited object reached its status; 3 one did not (DEAD, timeout, rolled back) \
                or the deploy stopped after changing the tenant (the summary says why and lists what was created); \
                2 refused by a hold or a freeze window (nothing changed); 1 the deploy could not start and changed \
                nothing (config, credentials, sync, API errors).

                Examples:
                  promote deploy tst
                  promote deploy dev --commit HEAD~1 --only train-model
                  promote deploy dev --target emulator --platform-logs
                  promote deploy prd --json > deploy-report.json
                """
        )

        @Argument(help: "The stage to deploy.")
        var stage: String

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("Deploy this commit instead of the stage branch head.", valueName: "rev"))
        var commit: String?

        @Option(
            help: ArgumentHelp("Deploy only this configuration (name or executable ID); repeatable.", valueName: "name")
        )
        var only: [String] = []

        @Option(
            help: ArgumentHelp(
                "tenant (from the environment) or emulator (in-process, no tenant needed).", valueName: "target"))
        var target = StageDeployment.Target.tenant.rawValue

        @Flag(help: "Also show AI Core's platform log lines (time=...).")
        var platformLogs = false

        @Option(
            help: ArgumentHelp(
                "How many AI Core calls a deploy has in flight at most, 1-256 (default: the stage file's deploy.concurrency, else 64; halved on every 429).",
                valueName: "n"))
        var concurrency: Int?

        @Flag(help: "Print the report as JSON on stdout (schema promote.deploy/v1); progress goes to stderr.")
        var json = false

        @OptionGroup var breakGlass: BreakGlassOptions

        func validate() throws {
            guard StageDeployment.Target(rawValue: target) != nil else {
                throw ValidationError("--target must be tenant or emulator, got '\(target)'")
            }
            if let concurrency, !DeploySettings.concurrencyRange.contains(concurrency) {
                throw ValidationError(
                    "--concurrency must be \(DeploySettings.concurrencyRange.lowerBound) to "
                        + "\(DeploySettings.concurrencyRange.upperBound), got \(concurrency)")
            }
        }

        func run() async throws {
            let workspace = try repository.openWorkspace()
            let progress = ProgressReporter(
                label: "deploying \(stage)", handle: json ? FileHandle.standardError : FileHandle.standardOutput)
            progress.start()
            defer { progress.stop() }
            let output = DeployOutput { line in progress.line(line) }
            // CI conventions (PromoteCore/CI): progress in a collapsible group, annotations, GitHub's job summary.
            let ci = DeployCIReport(ci: CIEnvironment(), stage: stage)
            if let line = ci.openingLine { await output.line(line) }
            var deployOptions = DeployOptions(platformLogs: platformLogs, only: only)
            deployOptions.concurrencyFromCommandLine = concurrency
            let report: DeployReport
            do {
                report = try await StageDeployment.run(
                    workspace: workspace, stageName: stage, revision: commit,
                    options: deployOptions,
                    target: StageDeployment.Target(rawValue: target) ?? .tenant,
                    environment: ProcessInfo.processInfo.environment, output: output, breakGlass: breakGlass.value)
            } catch {
                if let line = ci.closingLine { await output.line(line) }
                if let line = ci.errorLine(error, stage: stage) { await output.line(line) }
                throw error
            }
            if let line = ci.closingLine { await output.line(line) }
            for line in ci.failureLines(report) { await output.line(line) }
            progress.stop()
            try? ci.writeSummary(report)
            if json {
                print(try JSONOutput.encode(report), terminator: "")
            } else {
                print(report.renderSummary(), terminator: "")
            }
            if report.outcome != "succeeded" { throw ExitCode(3) }
        }
    }
}
