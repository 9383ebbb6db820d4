internal import Clibgit2

extension Repository {
    /// Resolves any revision git understands (branch, `origin/x`, tag, short or long SHA, `HEAD~2`, `x^2`) to the
    /// commit it names; annotated tags are peeled.
    public func resolve(_ revision: String) throws(GitError) -> OID {
        var object: OpaquePointer?
        let result = git_revparse_single(&object, pointer, revision)
        if result == GitCode.notFound || result == GIT_EAMBIGUOUS.rawValue || result == GIT_EINVALIDSPEC.rawValue {
            throw .revisionNotFound(revision)
        }
        try check(result, "git_revparse_single")
        guard let object else { throw .revisionNotFound(revision) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        if peeled < 0 { throw .revisionNotFound(revision) }
        defer { git_object_free(commit) }
        return OID(git_object_id(commit))
    }

    /// The commit an object id names.
    public func commit(_ oid: OID) throws(GitError) -> Commit {
        try withCommit(oid) { Commit($0) }
    }

    /// The commit a revision names.
    public func commit(_ revision: String) throws(GitError) -> Commit {
        try commit(resolve(revision))
    }
}
