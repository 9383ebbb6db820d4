import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote gate <stage>`: judge every gate of a stage for a commit, with the evidence.
    struct Gate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gate",
            abstract: "Judge a stage's gates for a commit: approvals, test results, upstream deploy.",
            discussion: """
                The gates are those of stages/<stage>.json and stages/allowed_signers as they are on the stage's \
                branch before the commit arrives, never those in the commit itself: a change cannot weaken the gate \
                it must pass. Each gate is printed with its verdict, its reason and every record judged (which \
                approvals, which test runs, which deploy records; for a metric rule, the candidate's and the \
                current model's value and where each was recorded). Records are fetched from origin first \
                (--no-fetch to skip).

                This is what CI runs before deploying a stage, so a push that went around promote is caught: there, \
                judge the stage's own head (--commit <branch>); its rules then come from where the stage was before \
                (its last promotion or deploy record).

                Exit codes: 0 every gate passes; 2 a gate blocks; 1 error.

                Examples:
                  promote gate tst
                  promote gate prd --commit tst --json | jq '.gates[] | select(.verdict == "blocked")'
                  promote gate tst --commit tst          # in CI, before 'promote deploy tst'
                  promote gate tst --markdown >> "$GITHUB_STEP_SUMMARY"
                """
        )

        @OptionGroup var target: GateTargetOptions
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var fetch: NotesFetchOptions

        @Flag(help: "Print a JSON document (schema promote.gate/v1, see docs/json/gate.md).")
        var json = false

        @Flag(help: "Print Markdown (for CI job summaries and pull request comments).")
        var markdown = false

        func validate() throws {
            if json && markdown { throw ValidationError("--json and --markdown cannot be combined") }
        }

        func run() throws {
            let workspace = try repository.openWorkspace()
            fetch.pull(workspace)
            let commit = try target.resolveCommit(in: workspace)
            let report = try GateEvaluator.evaluate(
                repository: workspace.repository, stages: workspace.stages, stage: target.stage, commit: commit)
            if json {
                print(try JSONOutput.encode(report), terminator: "")
            } else {
                print(markdown ? report.renderMarkdown() : report.renderText(), terminator: "")
            }
            if !report.passed { throw ExitCode(2) }
        }
    }
}
