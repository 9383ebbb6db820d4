import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit

extension Promote {
    /// `promote report --html DIR`: the whole pipeline as a static page, with its JSON beside it.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write the pipeline as a static HTML page: stage graph, pending promotions, gates, history.",
            discussion: """
                Writes DIR/index.html and DIR/report.json (schema promote.report/v1, see docs/json/report.md). The \
                page shows the stage graph (each stage's branch, head, last successful deploy and whether that is \
                its head, how far it is behind or ahead of its upstream, and whether it is blocked, held, frozen \
                or its last deploy failed), each pending promotion (commits, template and deploy config changes, \
                checks, each gate's verdict and reason, and the command that would unblock it), and each stage's \
                history (promotions, deploys, approvals, test runs, holds; newest first, with links to the CI runs \
                recorded) and its metrics over its deploys as small charts.

                The page is self-contained: no script, font or image is loaded from anywhere (its content security \
                policy forbids it), so it works from file:// and from any static host (GitHub or GitLab Pages, an \
                archived CI artifact). It has light and dark themes and works at phone width. It shows what \
                `promote status`, `plan`, `history` and `metrics` print; report.json nests their --json documents.

                DIR is created if needed; only index.html and report.json are written, and a DIR that holds other \
                files is refused (so `--html .` cannot clutter a working tree). Reads the stage branches and \
                promote's records as they are locally (--fetch updates both from the remote first). Needs no \
                credential.

                Examples:
                  promote report --html promote-report
                  promote report --html public --fetch
                  promote report --json | jq '.promotions[] | {from, to, ready}'
                """
        )

        @Option(help: ArgumentHelp("Write index.html and report.json into this directory.", valueName: "dir"))
        var html: String?

        @Flag(help: "Print the report's JSON document instead (schema promote.report/v1).")
        var json = false

        @OptionGroup var repository: RepositoryOptions

        @Option(help: ArgumentHelp("The remote whose branches are compared and fetched.", valueName: "name"))
        var remote: String = "origin"

        @Flag(help: "Fetch the remote's stage branches and promote's records first.")
        var fetch = false

        func validate() throws {
            if html == nil && !json { throw ValidationError("say where to write the report: --html DIR (or --json)") }
            if html != nil && json { throw ValidationError("choose one of --html and --json") }
            if html?.isEmpty == true { throw ValidationError("--html needs a directory") }
        }

        func run() throws {
            let workspace = try repository.openWorkspace()
            if fetch {
                guard workspace.repository.hasRemote(named: remote) else { throw PromoteError.noRemote(remote) }
                try StatusFetcher.fetchBranches(repository: workspace.repository, remote: remote)
                try NotesSync.pull(
                    workspace.repository, remote: remote,
                    credentials: try workspace.repository.credentials(forRemote: remote))
            }
            let report = try PipelineReport.build(
                repository: workspace.repository, stages: workspace.stages, remote: remote)
            let document = try JSONOutput.encode(report)
            guard let html else {
                print(document, terminator: "")
                return
            }
            let page = try ReportSite.write(html: report.renderHTML(), json: document, to: html)
            print("wrote \(page.path) and report.json (\(ReportSite.summary(report)))")
            print("open it: \(page.absoluteString)")
        }
    }
}
