public import PromoteGit

/// Brings the remote-tracking branches of every stage up to date before status reads them.
public enum StatusFetcher {
    /// Fetches every branch into `refs/remotes/<remote>/`, pruning deleted ones, like `git fetch --prune`.
    public static func fetchBranches(repository: Repository, remote: String) throws {
        guard repository.hasRemote(named: remote) else { throw PromoteError.noRemote(remote) }
        let credentials = try repository.credentials(forRemote: remote)
        try repository.fetch(
            remote, refspecs: ["+refs/heads/*:refs/remotes/\(remote)/*"], credentials: credentials, prune: true)
    }
}
