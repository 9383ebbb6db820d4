internal import Clibgit2

extension Repository {
    /// Creates (without moving any ref) a merge commit of `theirs` into `ours`, with `ours` as first parent. Throws
    /// `mergeConflict` naming the conflicting paths when the trees do not merge cleanly; nothing is written then.
    public func createMergeCommit(ours: OID, theirs: OID, message: String) throws(GitError) -> OID {
        try withCommit(ours) { ourCommit throws(GitError) in
            try withCommit(theirs) { theirCommit throws(GitError) in
                var index: OpaquePointer?
                try check(git_merge_commits(&index, pointer, ourCommit, theirCommit, nil), "git_merge_commits")
                defer { git_index_free(index) }
                if git_index_has_conflicts(index) != 0 {
                    throw .mergeConflict(paths: try conflictPaths(index))
                }
                var treeID = git_oid()
                try check(git_index_write_tree_to(&treeID, index, pointer), "git_index_write_tree_to")
                var tree: OpaquePointer?
                try check(git_tree_lookup(&tree, pointer, &treeID), "git_tree_lookup")
                defer { git_tree_free(tree) }
                let signature = defaultSignature()
                defer { git_signature_free(signature) }
                var parents: [OpaquePointer?] = [ourCommit, theirCommit]
                var created = git_oid()
                let result = parents.withUnsafeMutableBufferPointer { buffer in
                    git_commit_create(
                        &created, pointer, nil, signature, signature, "UTF-8", message, tree, 2, buffer.baseAddress)
                }
                try check(result, "git_commit_create")
                return OID(created)
            }
        }
    }

    /// Whether the merge commit `merge` holds exactly what merging its two parents gives, so that it brings no
    /// change of its own: what a gate checks before it lets a merge promote made stand for the commit it merged.
    /// False for a commit that is not a two-parent merge, or whose parents do not merge cleanly.
    public func isCleanMerge(_ merge: OID) throws(GitError) -> Bool {
        let commit = try self.commit(merge)
        guard commit.parents.count == 2 else { return false }
        return try withCommit(commit.parents[0]) { ourCommit throws(GitError) in
            try withCommit(commit.parents[1]) { theirCommit throws(GitError) in
                var index: OpaquePointer?
                try check(git_merge_commits(&index, pointer, ourCommit, theirCommit, nil), "git_merge_commits")
                defer { git_index_free(index) }
                guard git_index_has_conflicts(index) == 0 else { return false }
                var treeID = git_oid()
                try check(git_index_write_tree_to(&treeID, index, pointer), "git_index_write_tree_to")
                return try withCommit(merge) { mergeCommit throws(GitError) in
                    guard let actual = git_commit_tree_id(mergeCommit) else { return false }
                    return git_oid_equal(actual, &treeID) != 0
                }
            }
        }
    }

    private func conflictPaths(_ index: OpaquePointer?) throws(GitError) -> [String] {
        var iterator: OpaquePointer?
        try check(git_index_conflict_iterator_new(&iterator, index), "git_index_conflict_iterator_new")
        defer { git_index_conflict_iterator_free(iterator) }
        var paths: Set<String> = []
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            for entry in [ancestor, ours, theirs] {
                if let path = entry?.pointee.path { paths.insert(String(cString: path)) }
            }
        }
        return paths.sorted()
    }
}
