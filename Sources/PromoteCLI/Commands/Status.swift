import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote status`: every stage's branch, head and distance from its upstream and the remote.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show every stage: branch head, distance from its upstream, and whether it matches the remote.",
            discussion: """
                Stages are listed in graph order, each after the stage it is promoted from. BEHIND counts the \
                upstream's commits this stage lacks (what the next promotion brings); AHEAD counts commits only on \
                this stage (non-zero means the branches diverged). REMOTE compares the local branch with the \
                remote-tracking branch, as last fetched; --fetch updates those first.

                Examples:
                  promote status
                  promote status --repo ../ml-content --fetch
                  promote status --json | jq '.stages[] | {name, behind_upstream}'
                """
        )

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The remote whose branches are compared.", valueName: "name"))
        var remote: String = "origin"

        @Flag(help: "Fetch the remote's branches first (updates remote-tracking refs only).")
        var fetch = false

        @Flag(help: "Print a JSON document (schema promote.status/v1, see docs/json/status.md).")
        var json = false

        func run() throws {
            let workspace = try repository.openWorkspace()
            if fetch {
                try StatusFetcher.fetchBranches(repository: workspace.repository, remote: remote)
            }
            let report = try StatusReport.build(
                repository: workspace.repository, stages: workspace.stages, remote: remote)
            print(json ? try JSONOutput.encode(report) : report.renderText(), terminator: "")
        }
    }
}
