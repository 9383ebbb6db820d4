import PromoteGit
import PromoteModel

/// The target stage's branch as a promotion sees it. The promotion starts from what the remote has: a local branch
/// that differs (an interrupted run's move, someone's local commits) is reported and never published as it is.
struct TargetBranch {
    let local: OID?
    let remote: OID?
    /// The head the promotion starts from: the remote's, else (no remote, or a branch the remote lacks) the local one.
    let head: OID
    /// The working tree that has the branch checked out, if any (moving it would leave that tree stale).
    let checkedOutIn: String?
    /// What the user should know about the local branch.
    let remarks: [String]

    init(_ repository: Repository, stage: Stage, remote remoteName: String, hasRemote: Bool) throws {
        local = try repository.referenceTarget("refs/heads/\(stage.branch)")
        remote = hasRemote ? try repository.referenceTarget("refs/remotes/\(remoteName)/\(stage.branch)") : nil
        let checkedOut = repository.headReferenceName() == "refs/heads/\(stage.branch)" && !repository.isBare
        checkedOutIn = checkedOut ? repository.workingDirectory : nil
        guard let head = remote ?? local else {
            throw PromoteError.missingBranch(stage: stage.name, branch: stage.branch, remote: remoteName)
        }
        self.head = head
        var remarks: [String] = []
        if hasRemote, remote == nil {
            remarks.append("\(remoteName) has no branch \(stage.branch) yet: the promotion creates it")
        } else if let local, let remote, local != remote, try !repository.isAncestor(local, of: remote) {
            let ahead = try repository.aheadBehind(local, remote).ahead
            remarks.append(
                "local \(stage.branch) (\(local.short)) has \(ahead) commit\(ahead == 1 ? "" : "s") that \(remoteName)/\(stage.branch) (\(remote.short)) lacks; promote judges and publishes from \(remoteName)/\(stage.branch) and never pushes them (drop them with git branch -f \(stage.branch) \(remoteName)/\(stage.branch))"
            )
        }
        self.remarks = remarks
    }

    /// Whether the local branch may simply be moved to `commit`: it is absent, or everything on it is in `commit`.
    func localFollows(_ commit: OID, in repository: Repository) throws -> Bool {
        guard let local else { return true }
        return try local == commit || repository.isAncestor(local, of: commit)
    }
}
