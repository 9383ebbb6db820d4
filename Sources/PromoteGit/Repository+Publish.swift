public import Foundation

extension Repository {
    /// Moves `reference` (e.g. `refs/heads/tst`) on `remote` from `expected` (nil: it must not exist yet) to
    /// `target`, never forced: it fails with `referenceMoved` when the remote ref is no longer at `expected`, and with
    /// `nonFastForward` when `target` does not descend from `expected`. The remote-tracking ref of a named remote
    /// follows on success.
    ///
    /// Over ssh and https the remote checks the old value under its ref lock (receive-pack), and the advertised value
    /// is checked before sending. libgit2's local transport (paths, file://) overwrites refs without comparing, so
    /// for those the objects go to a temporary ref and the ref is then moved by a compare-and-swap in the remote
    /// repository itself, after its `pre-receive` and `update` hooks allowed it (`LocalReceiveHooks`), as
    /// git-receive-pack would run them.
    public func pushReference(
        _ reference: String, to target: OID, expecting expected: OID?, remote: String,
        credentials: GitCredentials = .none
    ) throws(GitError) {
        if let expected, expected != target, try !isAncestor(expected, of: target) {
            throw .nonFastForward(reference: reference)
        }
        let outgoing = "refs/promote/outgoing/\(UUID().uuidString.lowercased())"
        try updateReference(outgoing, to: target, expecting: nil, message: "promote: push \(reference)")
        defer { try? deleteReference(outgoing, expecting: target) }
        let url = hasRemote(named: remote) ? try remoteURL(remote) : remote
        if let path = Self.localPath(of: url) {
            let incoming = "refs/promote/incoming/\(UUID().uuidString.lowercased())"
            try push(remote, updates: [PushUpdate(source: outgoing, destination: incoming, force: true)])
            let destination = try Repository(discoveringFrom: path)
            defer { try? destination.deleteReference(incoming, expecting: target) }
            let hooks = LocalReceiveHooks(repository: destination)
            try hooks.allow(reference, from: expected, to: target)
            try destination.updateReference(reference, to: target, expecting: expected, message: "promote: push")
            hooks.moved(reference, from: expected, to: target)
        } else {
            try push(
                remote, updates: [PushUpdate(source: outgoing, destination: reference)],
                expecting: [reference: expected], credentials: credentials)
        }
        if hasRemote(named: remote), reference.hasPrefix("refs/heads/") {
            let tracking = "refs/remotes/\(remote)/" + reference.dropFirst("refs/heads/".count)
            try? updateReference(tracking, to: target, expecting: try referenceTarget(tracking), message: "promote: push")
        }
    }

    /// The directory of a local remote (a path or a file:// URL), nil for network URLs (scheme://, or scp-like
    /// host:path).
    public static func localPath(of url: String) -> String? {
        if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)) }
        if url.contains("://") { return nil }
        if !url.hasPrefix("/") && !url.hasPrefix("."), let colon = url.firstIndex(of: ":"),
            !url[..<colon].contains("/")
        {
            return nil
        }
        return url
    }
}
