internal import Clibgit2

/// One file's change between two trees, as `git diff --name-status -M` reports it.
public struct FileChange: Hashable, Sendable {
    public enum Status: String, Sendable, Codable {
        case added = "A"
        case deleted = "D"
        case modified = "M"
        case renamed = "R"
        case copied = "C"
        case typeChanged = "T"
    }

    public let status: Status
    public let oldPath: String
    public let newPath: String
    /// Rename or copy similarity in percent; nil for other changes.
    public let similarity: Int?
    public let isBinary: Bool

    /// The path that exists after the change (the old one for a deletion).
    public var path: String { status == .deleted ? oldPath : newPath }
}

/// A file's change with its unified diff text (`git diff -p`); binary files say so instead of a patch.
public struct FilePatch: Hashable, Sendable {
    public let change: FileChange
    public let text: String
}

extension Repository {
    /// The files that differ between two commits (`from` nil means the empty tree), restricted to `paths`
    /// (git pathspecs; empty means everything), with renames detected.
    public func changes(from: OID?, to: OID, paths: [String] = [], detectRenames: Bool = true) throws(GitError)
        -> [FileChange]
    {
        try withDiff(from: from, to: to, paths: paths, detectRenames: detectRenames) { diff throws(GitError) in
            (0..<git_diff_num_deltas(diff)).compactMap { index in
                git_diff_get_delta(diff, index).map { FileChange($0.pointee, isBinary: isBinary($0.pointee)) }
            }
        }
    }

    /// The per-file patches between two commits, restricted to `paths`, with renames detected.
    public func patches(from: OID?, to: OID, paths: [String] = [], contextLines: Int = 3) throws(GitError)
        -> [FilePatch]
    {
        try withDiff(from: from, to: to, paths: paths, detectRenames: true, contextLines: contextLines) {
            diff throws(GitError) in
            var patches: [FilePatch] = []
            for index in 0..<git_diff_num_deltas(diff) {
                var patch: OpaquePointer?
                try check(git_patch_from_diff(&patch, diff, index), "git_patch_from_diff")
                defer { git_patch_free(patch) }
                var buffer = git_buf()
                defer { git_buf_dispose(&buffer) }
                if let patch { try check(git_patch_to_buf(&buffer, patch), "git_patch_to_buf") }
                let text = buffer.ptr.map { String(cString: $0) } ?? ""
                guard let delta = git_diff_get_delta(diff, index) else { continue }
                patches.append(
                    FilePatch(change: FileChange(delta.pointee, isBinary: isBinary(delta.pointee)), text: text))
            }
            return patches
        }
    }

    private func withDiff<T>(
        from: OID?, to: OID, paths: [String], detectRenames: Bool, contextLines: Int = 3,
        _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "git_diff_options_init")
        options.context_lines = UInt32(contextLines)
        var oldTree: OpaquePointer?
        if let from { oldTree = try treeHandle(of: from) }
        defer { git_tree_free(oldTree) }
        let newTree = try treeHandle(of: to)
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        let result = paths.withGitStrArray { pathspec in
            options.pathspec = pathspec
            return git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &options)
        }
        try check(result, "git_diff_tree_to_tree")
        guard let diff else { throw .revisionNotFound(to.hex) }
        defer { git_diff_free(diff) }
        if detectRenames {
            var find = git_diff_find_options()
            try check(
                git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "git_diff_find_options_init")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue
            let result = withUnsafeMutablePointer(to: &gitSimilarityMetric) { metric in
                find.metric = metric
                return git_diff_find_similar(diff, &find)
            }
            try check(result, "git_diff_find_similar")
        }
        return try body(diff)
    }

    /// git's rule (a NUL in the first 8000 bytes of either side), checked on the blobs themselves because a
    /// name-status diff never loads content.
    private func isBinary(_ delta: git_diff_delta) -> Bool {
        if delta.flags & GIT_DIFF_FLAG_BINARY.rawValue != 0 { return true }
        if delta.flags & GIT_DIFF_FLAG_NOT_BINARY.rawValue != 0 { return false }
        return [delta.old_file, delta.new_file].contains { file in
            var id = file.id
            guard git_oid_is_zero(&id) == 0 else { return false }
            var blob: OpaquePointer?
            guard git_blob_lookup(&blob, pointer, &id) == 0 else { return false }
            defer { git_blob_free(blob) }
            return git_blob_is_binary(blob) == 1
        }
    }

    /// An owned tree handle; the caller frees it.
    func treeHandle(of oid: OID) throws(GitError) -> OpaquePointer? {
        try withCommit(oid) { commit throws(GitError) in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "git_commit_tree")
            return tree
        }
    }
}

extension FileChange {
    init(_ delta: git_diff_delta, isBinary: Bool) {
        switch delta.status {
        case GIT_DELTA_ADDED: status = .added
        case GIT_DELTA_DELETED: status = .deleted
        case GIT_DELTA_RENAMED: status = .renamed
        case GIT_DELTA_COPIED: status = .copied
        case GIT_DELTA_TYPECHANGE: status = .typeChanged
        default: status = .modified
        }
        oldPath = delta.old_file.path.map { String(cString: $0) } ?? ""
        newPath = delta.new_file.path.map { String(cString: $0) } ?? ""
        similarity = (status == .renamed || status == .copied) ? Int(delta.similarity) : nil
        self.isBinary = isBinary
    }
}
