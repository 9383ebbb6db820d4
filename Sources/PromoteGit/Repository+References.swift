internal import Clibgit2

extension Repository {
    /// The commit a full ref name (`refs/heads/tst`) points at, following symbolic refs; nil when it does not exist.
    public func referenceTarget(_ name: String) throws(GitError) -> OID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, name)
        if result == GitCode.notFound || result == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(result, "git_reference_name_to_id")
        return OID(oid)
    }

    /// The names of all refs under `prefix` (e.g. `refs/remotes/origin/`), sorted.
    public func referenceNames(under prefix: String) throws(GitError) -> [String] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, pointer, prefix + "*"), "git_reference_iterator_glob_new")
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while true {
            let result = git_reference_next_name(&name, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "git_reference_next_name")
            if let name { names.append(String(cString: name)) }
        }
        return names.sorted()
    }

    /// Points `name` at `target` only if it still points at `expected` (nil: only if it does not exist yet).
    ///
    /// The check and the write happen under git's ref lock, so of several writers expecting the same old value
    /// exactly one succeeds; the others get `referenceMoved` or `referenceLocked` and nothing is lost silently.
    public func updateReference(_ name: String, to target: OID, expecting expected: OID?, message: String)
        throws(GitError)
    {
        var newValue = target.raw
        var reference: OpaquePointer?
        let result: Int32
        // Always a compare under the ref's lock: "must not exist yet" is the zero id. (git_reference_create without
        // force checks existence before taking the lock, so two first writers could both pass and one would be lost.)
        var old = expected?.raw ?? git_oid()
        result = git_reference_create_matching(&reference, pointer, name, &newValue, 1, &old, message)
        git_reference_free(reference)
        switch result {
        case 0...: return
        case GitCode.modified, GitCode.exists:
            throw .referenceMoved(reference: name, expected: expected, actual: try? referenceTarget(name))
        case GitCode.locked:
            throw .referenceLocked(reference: name)
        case GitCode.notFound where expected != nil:
            throw .referenceMoved(reference: name, expected: expected, actual: nil)
        default:
            try check(result, "git_reference_create_matching")
        }
    }

    /// Deletes `name` only if it still points at `expected`.
    public func deleteReference(_ name: String, expecting expected: OID) throws(GitError) {
        var reference: OpaquePointer?
        let lookup = git_reference_lookup(&reference, pointer, name)
        if lookup == GitCode.notFound { throw .referenceMoved(reference: name, expected: expected, actual: nil) }
        try check(lookup, "git_reference_lookup")
        defer { git_reference_free(reference) }
        let actual = git_reference_target(reference).map(OID.init)
        guard actual == expected else { throw .referenceMoved(reference: name, expected: expected, actual: actual) }
        try check(git_reference_delete(reference), "git_reference_delete")
    }
}

extension Repository {
    /// The branch ref `HEAD` points at (`refs/heads/main`), or nil when HEAD is detached or unborn-less.
    public func headReferenceName() -> String? {
        var head: OpaquePointer?
        guard git_reference_lookup(&head, pointer, "HEAD") == 0, let head else { return nil }
        defer { git_reference_free(head) }
        return git_reference_symbolic_target(head).map { String(cString: $0) }
    }
}
