import ArgumentParser
import Foundation
import PromoteCore
import PromoteModel

extension Promote {
    /// `promote setup <stage>`: make the stage's AI Core tenant hold what its stage file declares.
    struct Setup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "setup",
            abstract: "Create or update a stage's tenant objects (resource group, repository, application, secrets).",
            discussion: """
                Reads aicore.tenant in stages/<stage>.json and reconciles it against the stage's tenant \
                (credentials from <env_prefix>AUTH_URL, BASE_URL, CLIENT_ID, CLIENT_SECRET): the resource group and \
                its labels, the git repository on-boarding, the git-sync application (its name, the stage's branch \
                and templates_path: derived, not repeated), docker registry secrets (turned into the \
                .dockerconfigjson AI Core wants), object store secrets and generic secrets in the resource group.

                Each object is reported as created, updated (with the fields that differed), unchanged, or \
                re-written: secret values are never returned by AI Core, so they are sent again each time. Nothing \
                setup did not declare is ever deleted or changed (labels it does not declare are kept; an \
                application pinned by a rollback is left pinned). A failing object does not stop the others.

                Secret values come only from the environment variables the declaration names (*_env keys); they \
                are never printed, logged or written anywhere. A missing variable is one error naming every missing \
                variable and the stage, and nothing is sent.

                Exit codes: 0 every object is set up; 1 an object failed, or setup could not start.

                Examples:
                  promote setup dev --dry-run
                  promote setup prd
                  promote setup tst --json | jq '.objects[] | select(.action != "unchanged")'
                """
        )

        @Argument(help: "The stage whose tenant to set up.")
        var stage: String

        @Flag(help: "Only look: say what would be created, updated or re-written.")
        var dryRun = false

        @Flag(help: "Print a JSON document (schema promote.setup/v1, see docs/json/setup.md).")
        var json = false

        @OptionGroup var repository: RepositoryOptions

        func run() async throws {
            let workspace = try repository.openWorkspace()
            let stageInfo = try workspace.stages.stage(named: stage)
            let json = self.json
            let report = try await TenantSetup.run(
                stage: stageInfo, environment: ProcessInfo.processInfo.environment, dryRun: dryRun,
                output: { line in if !json { print(line) } })
            if json {
                print(try JSONOutput.encode(report), terminator: "")
            } else {
                print(report.renderText().split(separator: "\n").last.map(String.init) ?? "")
            }
            if !report.succeeded { throw ExitCode(1) }
        }
    }
}
