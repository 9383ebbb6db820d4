import PromoteGit
import PromoteModel

/// A stage branch's local and remote-tracking heads.
struct BranchHeads {
    let local: OID?
    let remote: OID?
    /// What the working copy holds: the local branch when there is one.
    let effective: OID
    /// What the stage holds for everyone else: the remote-tracking branch when there is one. Gates, deploys and
    /// promotions start from this, so a local branch nobody else has is never judged or deployed as the stage.
    let published: OID

    init(_ repository: Repository, stage: Stage, remote remoteName: String) throws {
        local = try repository.referenceTarget("refs/heads/\(stage.branch)")
        remote = try repository.referenceTarget("refs/remotes/\(remoteName)/\(stage.branch)")
        guard let effective = local ?? remote, let published = remote ?? local else {
            throw PromoteError.missingBranch(stage: stage.name, branch: stage.branch, remote: remoteName)
        }
        self.effective = effective
        self.published = published
    }
}
