import PromoteGit
import PromoteModel

/// The commit a promotion takes from the source stage: what the remote has (`<remote>/<branch>` after the fetch),
/// or an explicit `--commit` that it contains. A local branch that differs is reported, never promoted, so nothing
/// reaches a stage that the source stage's remote branch (and its CI) has not seen.
struct SourceCommit {
    let commit: OID
    let remarks: [String]

    init(_ repository: Repository, stage: Stage, remote remoteName: String, hasRemote: Bool, revision: String?) throws {
        let heads = try BranchHeads(repository, stage: stage, remote: remoteName)
        guard !hasRemote || heads.remote != nil else {
            throw PromoteError.sourceNotOnRemote(stage: stage.name, branch: stage.branch, remote: remoteName)
        }
        let published = heads.published
        if let revision {
            let wanted = try repository.resolve(revision)
            guard try wanted == published || repository.isAncestor(wanted, of: published) else {
                throw PromoteError.commitNotOnSource(
                    commit: wanted.short, stage: stage.name, branch: stage.branch,
                    remote: hasRemote ? remoteName : "local")
            }
            commit = wanted
        } else {
            commit = published
        }
        var remarks: [String] = []
        if hasRemote, let local = heads.local, local != published, try !repository.isAncestor(local, of: published) {
            let ahead = try repository.aheadBehind(local, published).ahead
            remarks.append(
                "local \(stage.branch) has \(ahead) commit\(ahead == 1 ? "" : "s") that \(remoteName)/\(stage.branch) lacks; promoting \(remoteName)/\(stage.branch) (\(published.short)) without them: push them first (git push \(remoteName) \(stage.branch)) to promote them"
            )
        }
        self.remarks = remarks
    }
}
