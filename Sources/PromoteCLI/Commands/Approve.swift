import ArgumentParser
import Foundation
import PromoteCore
import PromoteGit

extension Promote {
    /// `promote approve <stage>`: sign an approval of a commit for a stage.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Sign an approval (or --revoke it) of a commit for a stage with your SSH key.",
            discussion: """
                Signs a record (stage, commit, you, the time, --comment) with `ssh-keygen -Y sign` in the \
                namespace promote-approval-<stage>@promote.dev, stores it in git notes \
                (refs/notes/promote/approvals) on the commit, and pushes that ref to origin.

                You are who stages/allowed_signers, as on the stage's branch, lists for your key (git's
                allowed_signers format: '<email> [options] <public key>'). To let someone approve only some stages,
                give their line git's namespaces option, e.g.
                  rita@example.com namespaces="promote-approval-tst@promote.dev" ssh-ed25519 AAAA...
                A line without it allows every stage.

                The approval is checked as the gate will check it before it is stored: a key that is not listed, \
                a namespaces restriction, or having authored or committed a commit being promoted (unless the stage \
                sets allow_authors) refuse it with the reason. --revoke withdraws your own earlier approvals of the \
                commit.

                Key: --key, else git config user.signingkey (a path, or key::<public key> with the private key in \
                ssh-agent). Exit codes: 0 recorded and pushed (or no origin); 1 refused, or recorded but not pushed \
                (the message says how to push it).

                Examples:
                  promote approve tst
                  promote approve prd --commit 1a2b3c4 --comment "smoke tests look good" --key ~/.ssh/id_ed25519
                  promote approve tst --revoke --comment "found a regression"
                """
        )

        @OptionGroup var target: GateTargetOptions
        @OptionGroup var repository: RepositoryOptions

        @Option(help: "Why you approve (stored and signed with the approval).")
        var comment: String = ""

        @Option(help: ArgumentHelp("Your SSH private key (default: git config user.signingkey).", valueName: "path"))
        var key: String?

        @Flag(help: "Withdraw your earlier approval of this commit instead.")
        var revoke = false

        func run() throws {
            let workspace = try repository.openWorkspace()
            let commit = try target.resolveCommit(in: workspace)
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "promote-key-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let signingKey = try SigningKey.resolve(
                explicit: key, repository: workspace.repository, scratchDirectory: scratch.path)
            let result = try Approver.approve(
                ApprovalRequest(
                    stage: target.stage, commit: commit, comment: comment, revoke: revoke, key: signingKey),
                repository: workspace.repository, stages: workspace.stages, keygen: SSHKeygen.locate())
            let what = revoke ? "revoked the approval of" : "approved"
            print(
                "\(what) \(commit.short) for \(target.stage) as \(result.record.approver) (key \(result.judged.key ?? "?"), allowed by stages/allowed_signers on \(result.rulesLocation))"
            )
            let publication = result.publication.map(\.message) ?? "kept locally"
            print("record: \(publication)")
            if result.publication?.failed == true { throw ExitCode(1) }
        }
    }
}
