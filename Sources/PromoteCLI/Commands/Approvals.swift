import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote approvals <stage>`: the approvals of a commit for a stage, each with its verdict.
    struct Approvals: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approvals",
            abstract: "List the approvals of a commit for a stage, each with its verdict and reason.",
            discussion: """
                Judges every approval record on the commit exactly as 'promote gate' does: signature, signer listed \
                in stages/allowed_signers on the stage's branch (for this stage), the right stage and commit, not \
                expired (ttl_hours), not an author or committer of the promoted range (unless allow_authors), each \
                person counted once, revocations applied. Records are fetched from origin first (--no-fetch to skip).

                Examples:
                  promote approvals tst
                  promote approvals prd --commit tst --json | jq -r '.approvals[] | "\\(.verdict) \\(.approver) \\(.reason)"'
                """
        )

        @OptionGroup var target: GateTargetOptions
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var fetch: NotesFetchOptions

        @Flag(help: "Print a JSON document (schema promote.approvals/v1, see docs/json/gate.md).")
        var json = false

        func run() throws {
            let workspace = try repository.openWorkspace()
            fetch.pull(workspace)
            let commit = try target.resolveCommit(in: workspace)
            let listing = try ApprovalListing.build(
                repository: workspace.repository, stages: workspace.stages, stage: target.stage, commit: commit)
            print(json ? try JSONOutput.encode(listing) : listing.renderText(), terminator: "")
        }
    }
}
