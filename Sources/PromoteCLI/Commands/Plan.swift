import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote plan <from> <to>`: the read-only preview of a promotion.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Preview a promotion: commits, semantic template and config diff, checks, gates.",
            discussion: """
                Compares the heads of two stage branches as the remote has them (the remote-tracking branch, else \
                the local one: what a promotion would judge and publish; --fetch \
                updates those first). Shows whether <to> can fast-forward, the commits it would receive, every \
                executable added, removed or changed (images and tags, parameters, artifacts, resource plans, \
                replicas, env, labels, annotations; formatting, key order and comments are not changes), the deploy \
                config as it applies to <to> (base plus <to>'s overlay) field by field, and the static checks of \
                <from>'s templates and config as <to> would deploy them, and <to>'s gates for <from>'s head \
                (as `promote gate` judges them). Reads only; the output is deterministic.

                Model-quality gates (gates.metrics) get one row per rule: the candidate's value from its deploy to \
                the upstream stage, the current value from the deploy of <to>'s head to that same stage, the bound, \
                the verdict, and the execution and deploy each number came from (--json: the gate's `metric`).

                Works for any two stages: `promote plan dev prd` shows how far production is behind.

                Exit codes: 0 the plan was made (even if it shows problems), 1 error.

                Examples:
                  promote plan dev tst
                  promote plan dev tst --patch
                  promote plan dev tst --markdown >> "$GITHUB_STEP_SUMMARY"
                  promote plan tst prd --json | jq '.templates.executables[].id'
                """
        )

        @Argument(help: "The stage to promote from.")
        var from: String

        @Argument(help: "The stage to promote into.")
        var to: String

        @OptionGroup var repository: RepositoryOptions

        @Option(
            help: ArgumentHelp(
                "The remote whose branches are used when a stage has no local branch.", valueName: "name"))
        var remote: String = "origin"

        @Flag(help: "Fetch both stage branches from the remote first (updates remote-tracking refs only).")
        var fetch = false

        @Flag(help: "Add the raw unified diff of the templates folder and the deploy config files.")
        var patch = false

        @Flag(help: "Print a JSON document (schema promote.plan/v1, see docs/json/plan.md).")
        var json = false

        @Flag(help: "Print markdown, for pull-request comments and CI job summaries.")
        var markdown = false

        func validate() throws {
            if json && markdown { throw ValidationError("choose one of --json and --markdown") }
        }

        func run() throws {
            let workspace = try repository.openWorkspace()
            if fetch {
                try StatusFetcher.fetchBranches(repository: workspace.repository, remote: remote)
            }
            let plan = try PromotionPlan.build(
                repository: workspace.repository, stages: workspace.stages, from: from, to: to, remote: remote,
                includePatch: patch)
            let text = json ? try JSONOutput.encode(plan) : markdown ? plan.renderMarkdown() : plan.renderText()
            print(text, terminator: "")
        }
    }
}
