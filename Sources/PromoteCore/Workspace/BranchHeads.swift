import PromoteGit
import PromoteModel

/// A stage branch's local and remote-tracking heads.
struct BranchHeads {
    let local: OID?
    let remote: OID?
    /// What the stage holds: the local branch when there is one.
    let effective: OID

    init(_ repository: Repository, stage: Stage, remote remoteName: String) throws {
        local = try repository.referenceTarget("refs/heads/\(stage.branch)")
        remote = try repository.referenceTarget("refs/remotes/\(remoteName)/\(stage.branch)")
        guard let effective = local ?? remote else {
            throw PromoteError.missingBranch(stage: stage.name, branch: stage.branch, remote: remoteName)
        }
        self.effective = effective
    }
}
