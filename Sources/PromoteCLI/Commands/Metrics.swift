import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit
import PromoteModel

extension Promote {
    /// `promote metrics <stage>`: the model metrics a stage's deploys recorded.
    struct Metrics: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metrics",
            abstract: "Show the model metrics a stage's deploys recorded, newest first, with each change.",
            discussion: """
                promote deploy reads what the executions logged to AI Core's tracking API (/lm/metrics) and keeps \
                it in the deploy record (refs/notes/promote/deployments). This lists those records for the stage: \
                each execution's metrics at their last step, and the change from the previous deploy that counts. \
                A record counts as gates.metrics counts it: signed by a key the stage branch's \
                stages/allowed_signers accepts for records (unsigned, where the stage does not require signed \
                records); one that does not is listed with the reason and never used as the basis of a change. \
                --fetch merges the remote's records first.

                Examples:
                  promote metrics dev
                  promote metrics dev --commit main~1
                  promote metrics tst --json | jq '.deploys[0].executions[0].metrics'
                """
        )

        @Argument(help: "The stage whose deploys to list.")
        var stage: String

        @Option(help: ArgumentHelp("Only the deploys of this commit (a SHA, branch or tag).", valueName: "rev"))
        var commit: String?

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The remote to fetch records from with --fetch.", valueName: "name"))
        var remote: String = "origin"

        @Flag(help: "Fetch and merge the remote's records first.")
        var fetch = false

        @Flag(help: "Print a JSON document (schema promote.metrics/v1, see docs/json/metrics.md).")
        var json = false

        func run() throws {
            let workspace = try repository.openWorkspace()
            let stage = try workspace.stages.stage(named: self.stage)
            if fetch {
                guard workspace.repository.hasRemote(named: remote) else { throw PromoteError.noRemote(remote) }
                try NotesSync.pull(
                    workspace.repository, remote: remote,
                    credentials: try workspace.repository.credentials(forRemote: remote))
            }
            let commit = try self.commit.map { try workspace.repository.resolve($0) }
            let head = try StageDeployment.resolveCommit(workspace.repository, stage: stage, revision: nil)
            let metrics = try StageMetrics.read(workspace.repository, stage: stage, rulesCommit: head, commit: commit)
            print(json ? try JSONOutput.encode(metrics) : metrics.renderText(), terminator: "")
        }
    }
}
