import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote hold <stage>`: stop every promotion into and deploy to a stage until a person releases it.
    struct Hold: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hold",
            abstract: "Hold a stage: refuse promotions into it and deploys to it until a signed release.",
            discussion: """
                Appends a hold (who, when, --reason, the CI run when there is one) to the stage's ledger in git \
                notes (refs/notes/promote/holds) and pushes it to origin. While the stage is held, 'promote <from> \
                <stage>' and 'promote deploy <stage>' are refused with exit 2 naming the hold; 'promote rollback \
                <stage>' still works (it is how a held stage recovers), and afterwards only the commit it was \
                rolled back to may be deployed.

                Anyone who can push notes can place a hold: it only ever stops things. Lifting it takes 'promote \
                release <stage>', signed by a person the stage accepts approvals from.

                Exit codes: 0 held and pushed (or no origin); 1 the hold could not be recorded or pushed.

                Examples:
                  promote hold prd --reason "INC-4711: fraud scores look wrong"
                  promote status            # shows prd as held
                  promote release prd       # a listed approver lifts it
                """
        )

        @Argument(help: "The stage to hold.")
        var stage: String

        @Option(help: ArgumentHelp("Why (recorded and shown with every refusal).", valueName: "text"))
        var reason: String

        @OptionGroup var repository: RepositoryOptions

        func validate() throws {
            if reason.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--reason must say why the stage is held (it is shown with every refusal)")
            }
        }

        func run() throws {
            let workspace = try repository.openWorkspace()
            try NotesSync.fetchRecords(repository: workspace.repository)
            let placed = try StageHolds.place(
                repository: workspace.repository, stages: workspace.stages, stage: stage, reason: reason,
                environment: ProcessInfo.processInfo.environment)
            print("held \(stage) (hold \(placed.event.id)) by \(placed.event.by): \(reason)")
            print("record: \(placed.publication?.message ?? "kept locally")")
            print("release it with 'promote release \(stage)' (a person who may approve \(stage), signed)")
            if placed.publication?.failed == true { throw ExitCode(1) }
        }
    }
}
