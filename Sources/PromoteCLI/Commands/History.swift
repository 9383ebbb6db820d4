import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel

extension Promote {
    /// `promote history <stage>`: the audit trail of a stage.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract:
                "List a stage's promotions, deploys, approvals, test runs, holds and releases, newest first, from git notes.",
            discussion: """
                Reads refs/notes/promote/promotions, deployments, approvals, tests and holds (each release checked \
                against the stage's allowed_signers, as 'promote release' checks it). Approvals and test runs are \
                listed as recorded, each with the CI run that wrote it where there is one; whether they count is \
                what 'promote gate' judges ('promote approvals' lists each with its verdict). Records travel with \
                the repository: --fetch merges the remote's records first.

                Examples:
                  promote history tst
                  promote history prd --fetch --json | jq '.events[0]'
                """
        )

        @Argument(help: "The stage whose history to show.")
        var stage: String

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The remote to fetch records from with --fetch.", valueName: "name"))
        var remote: String = "origin"

        @Flag(help: "Fetch and merge the remote's records first.")
        var fetch = false

        @Flag(help: "Print a JSON document (schema promote.history/v1, see docs/json/history.md).")
        var json = false

        func run() throws {
            let workspace = try repository.openWorkspace()
            _ = try workspace.stages.stage(named: stage)
            if fetch {
                guard workspace.repository.hasRemote(named: remote) else { throw PromoteError.noRemote(remote) }
                try NotesSync.pull(
                    workspace.repository, remote: remote,
                    credentials: try workspace.repository.credentials(forRemote: remote))
            }
            let history = try StageHistory.read(workspace.repository, stage: stage, stages: workspace.stages)
            print(json ? try JSONOutput.encode(history) : history.renderText(), terminator: "")
        }
    }
}
