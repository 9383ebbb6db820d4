internal import Clibgit2
public import Foundation

/// One entry of a directory at a commit.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case file, executable, symlink, directory, submodule
    }

    public let name: String
    /// The path from the repository root.
    public let path: String
    public let kind: Kind
    public let oid: OID
}

extension Repository {
    /// The bytes of the file at `path` in commit `commit`, or nil when no such file exists there.
    public func file(at commit: OID, path: String) throws(GitError) -> Data? {
        try withTree(of: commit) { tree throws(GitError) in
            var entry: OpaquePointer?
            let result = git_tree_entry_bypath(&entry, tree, path)
            if result == GitCode.notFound { return nil }
            try check(result, "git_tree_entry_bypath")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            var blob: OpaquePointer?
            try check(git_blob_lookup(&blob, pointer, git_tree_entry_id(entry)), "git_blob_lookup")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
            return Data(bytes: content, count: size)
        }
    }

    /// The entries of the directory `path` (empty string for the root) at `commit`, sorted by name.
    /// Throws `pathNotFound` or `notADirectory` when the path is missing or a file.
    public func directory(at commit: OID, path: String) throws(GitError) -> [TreeEntry] {
        let trimmed = path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return try withTree(of: commit) { root throws(GitError) in
            guard !trimmed.isEmpty else { return entries(of: root, prefix: "") }
            var entry: OpaquePointer?
            let result = git_tree_entry_bypath(&entry, root, trimmed)
            if result == GitCode.notFound { throw .pathNotFound(path: trimmed, commit: commit) }
            try check(result, "git_tree_entry_bypath")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_TREE else {
                throw .notADirectory(path: trimmed, commit: commit)
            }
            var subtree: OpaquePointer?
            try check(git_tree_lookup(&subtree, pointer, git_tree_entry_id(entry)), "git_tree_lookup")
            defer { git_tree_free(subtree) }
            return entries(of: subtree, prefix: trimmed + "/")
        }
    }

    private func entries(of tree: OpaquePointer?, prefix: String) -> [TreeEntry] {
        (0..<git_tree_entrycount(tree)).compactMap { index in
            guard let entry = git_tree_entry_byindex(tree, index) else { return nil }
            let name = String(cString: git_tree_entry_name(entry))
            return TreeEntry(
                name: name, path: prefix + name, kind: TreeEntry.Kind(git_tree_entry_filemode(entry)),
                oid: OID(git_tree_entry_id(entry)))
        }
    }

    /// Writes the tree of `commit` into `directory` (created if needed): a clean copy of exactly that commit, with
    /// executable bits and symlinks, that shares nothing with the working tree or the index.
    public func export(_ commit: OID, to directory: String) throws(GitError) {
        try withTree(of: commit) { tree throws(GitError) in
            var options = git_checkout_options()
            try check(
                git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
            options.checkout_strategy =
                GIT_CHECKOUT_FORCE.rawValue | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue
                | GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
            let result = directory.withCString { target in
                options.target_directory = target
                return git_checkout_tree(pointer, tree, &options)
            }
            try check(result, "git_checkout_tree")
        }
    }
}

extension TreeEntry.Kind {
    init(_ mode: git_filemode_t) {
        switch mode {
        case GIT_FILEMODE_TREE: self = .directory
        case GIT_FILEMODE_BLOB_EXECUTABLE: self = .executable
        case GIT_FILEMODE_LINK: self = .symlink
        case GIT_FILEMODE_COMMIT: self = .submodule
        default: self = .file
        }
    }
}
