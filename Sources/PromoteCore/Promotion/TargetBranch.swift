import PromoteGit
import PromoteModel

/// The target stage's branch as a promotion sees it: local and remote heads, and which one the plan starts from.
struct TargetBranch {
    let local: OID?
    let remote: OID?
    /// The head the promotion starts from: the more advanced of the two.
    let head: OID
    /// The working tree that has the branch checked out, if any (moving it would leave that tree stale).
    let checkedOutIn: String?

    init(_ repository: Repository, stage: Stage, fromHead: OID, remote remoteName: String) throws {
        local = try repository.referenceTarget("refs/heads/\(stage.branch)")
        remote = try repository.referenceTarget("refs/remotes/\(remoteName)/\(stage.branch)")
        let checkedOut = repository.headReferenceName() == "refs/heads/\(stage.branch)" && !repository.isBare
        checkedOutIn = checkedOut ? repository.workingDirectory : nil
        switch (local, remote) {
        case (nil, nil):
            throw PromoteError.missingBranch(stage: stage.name, branch: stage.branch, remote: remoteName)
        case (let one?, nil), (nil, let one?):
            head = one
        case (let local?, let remote?):
            if try local == remote || repository.isAncestor(local, of: remote) {
                head = remote
            } else if try repository.isAncestor(remote, of: local) {
                // Local commits not on the remote are only safe to publish when they all came from the source
                // stage (an earlier promotion that was not pushed); anything else is someone's unreviewed work.
                guard try repository.isAncestor(local, of: fromHead) else {
                    throw PromoteError.localBranchAhead(stage: stage.name, branch: stage.branch, remote: remoteName)
                }
                head = local
            } else {
                throw PromoteError.localRemoteDiverged(stage: stage.name, branch: stage.branch, remote: remoteName)
            }
        }
    }
}
