import ArgumentParser
import Foundation
import PromoteCore

extension Promote {
    /// `promote release <stage>`: lift a stage's holds with a signed release.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Lift a stage's holds with a release signed by a person the stage accepts approvals from.",
            discussion: """
                Signs a release of every open hold and rollback of the stage (their IDs, you, the time, --comment) \
                with `ssh-keygen -Y sign` in the stage's approval namespace, checks it as the gates will (your key \
                must be listed by name in stages/allowed_signers on the stage's branch, as for 'promote approve'), \
                appends it to refs/notes/promote/holds and pushes it. A forged, unsigned or unlisted release is \
                refused and the stage stays held; a release cannot be replayed against a later hold.

                On a CI the person signs on their own machine and hands the line over: 'promote release prd \
                --sign-only' prints it; the CI's release job runs 'promote release prd --record "$LINE"'.

                Releasing does not deploy anything: the stage keeps running what it was rolled back to until the \
                next promotion or deploy, which then points its git-sync application back at the branch.

                Key: --key, else git config user.signingkey. Exit codes: 0 released (or --sign-only printed); \
                1 refused, not held, or not pushed.

                Examples:
                  promote release prd --comment "INC-4711 fixed in 1a2b3c4"
                  promote release prd --sign-only > release.json
                  promote release prd --record "$(cat release.json)"
                """
        )

        @Argument(help: "The stage to release.")
        var stage: String

        @Option(help: "Why you release it (signed and stored with the release).")
        var comment: String = ""

        @Option(help: ArgumentHelp("Your SSH private key (default: git config user.signingkey).", valueName: "path"))
        var key: String?

        @Flag(help: "Print the signed release line instead of storing it (for a CI's release job).")
        var signOnly = false

        @Option(
            help: ArgumentHelp("Store a release signed elsewhere (the line --sign-only printed).", valueName: "line"))
        var record: String?

        @OptionGroup var repository: RepositoryOptions

        func validate() throws {
            if signOnly && record != nil { throw ValidationError("--sign-only and --record exclude each other") }
            if record != nil && key != nil {
                throw ValidationError("--record stores a line signed elsewhere; drop --key")
            }
        }

        func run() throws {
            let workspace = try repository.openWorkspace()
            try NotesSync.fetchRecords(repository: workspace.repository)
            let line: String
            if let record {
                line = record
            } else {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "promote-key-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: scratch) }
                let signingKey = try SigningKey.resolve(
                    explicit: key, repository: workspace.repository, scratchDirectory: scratch.path)
                line = try StageHolds.signRelease(
                    repository: workspace.repository, stages: workspace.stages, stage: stage, comment: comment,
                    key: signingKey, keygen: SSHKeygen.locate())
                if signOnly {
                    print(line)
                    return
                }
            }
            let result = try StageHolds.record(
                releaseLine: line, repository: workspace.repository, stages: workspace.stages, stage: stage)
            let release = result.hold.releases.last
            print(
                result.hold.isHeld
                    ? "released part of \(stage)'s holds as \(release?.approver ?? "?"); still held: \(result.hold.describe())"
                    : "released \(stage) as \(release?.approver ?? "?"): promotions and deploys are allowed again")
            print("record: \(result.publication?.message ?? "kept locally")")
            if result.publication?.failed == true { throw ExitCode(1) }
        }
    }
}
