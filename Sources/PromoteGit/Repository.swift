internal import Clibgit2
public import Foundation

/// An open git repository. Owns its libgit2 handle and frees it when released.
///
/// Not `Sendable`: libgit2 forbids using one handle from two threads at once. Open one per task instead.
public final class Repository {
    let pointer: OpaquePointer

    /// The `.git` directory (or the repository itself when bare), with a trailing slash.
    public let gitDirectory: String
    /// The working tree, or nil for a bare repository.
    public let workingDirectory: String?

    public var isBare: Bool { workingDirectory == nil }

    /// Opens the repository that contains `path`, searching upward like git does; bare repositories too.
    public init(discoveringFrom path: String) throws(GitError) {
        Libgit2.ensureInitialised()
        var handle: OpaquePointer?
        let result = git_repository_open_ext(&handle, path, 0, nil)
        if result == GitCode.notFound { throw .notARepository(path: path) }
        try check(result, "git_repository_open_ext")
        guard let handle else { throw .notARepository(path: path) }
        pointer = handle
        gitDirectory = String(cString: git_repository_path(handle))
        workingDirectory = git_repository_workdir(handle).map { String(cString: $0) }
    }

    /// Creates a new repository at `path` (used by tests, the demo and `promote init`).
    public static func create(at path: String, bare: Bool = false, initialBranch: String = "main") throws(GitError)
        -> Repository
    {
        Libgit2.ensureInitialised()
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "git_repository_init_options_init")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var handle: OpaquePointer?
        let result = initialBranch.withCString { branch in
            options.initial_head = branch
            return git_repository_init_ext(&handle, path, &options)
        }
        try check(result, "git_repository_init_ext")
        git_repository_free(handle)
        return try Repository(discoveringFrom: path)
    }

    deinit {
        git_repository_free(pointer)
    }

    // MARK: object lookups shared by the extensions

    /// Looks up a commit and hands its handle to `body`, freeing it afterwards.
    func withCommit<T>(_ oid: OID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        var raw = oid.raw
        var commit: OpaquePointer?
        let result = git_commit_lookup(&commit, pointer, &raw)
        if result == GitCode.notFound { throw .revisionNotFound(oid.hex) }
        try check(result, "git_commit_lookup")
        guard let commit else { throw .revisionNotFound(oid.hex) }
        defer { git_commit_free(commit) }
        return try body(commit)
    }

    /// Looks up the root tree of a commit and hands it to `body`.
    func withTree<T>(of oid: OID, _ body: (OpaquePointer) throws(GitError) -> T) throws(GitError) -> T {
        try withCommit(oid) { commit throws(GitError) in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commit), "git_commit_tree")
            guard let tree else { throw .revisionNotFound(oid.hex) }
            defer { git_tree_free(tree) }
            return try body(tree)
        }
    }

    /// The identity git would use for a commit here (user.name/user.email), or a neutral fallback for CI machines
    /// that configure none.
    func defaultSignature() -> UnsafeMutablePointer<git_signature>? {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, pointer) == 0 { return signature }
        if git_signature_now(&signature, "promote", "promote@localhost") == 0 { return signature }
        return nil
    }

    /// Who is acting, for records: `GIT_COMMITTER_NAME`/`GIT_COMMITTER_EMAIL` when set (as git itself honours them),
    /// else user.name/user.email, else a neutral fallback.
    public func actingIdentity(environment: [String: String] = ProcessInfo.processInfo.environment) -> (
        name: String, email: String
    ) {
        var name = environment["GIT_COMMITTER_NAME"]
        var email = environment["GIT_COMMITTER_EMAIL"]
        if name == nil || email == nil, let signature = defaultSignature() {
            defer { git_signature_free(signature) }
            name = name ?? signature.pointee.name.map { String(cString: $0) }
            email = email ?? signature.pointee.email.map { String(cString: $0) }
        }
        return (name ?? "promote", email ?? "promote@localhost")
    }

    /// A single value from the repository's git configuration (including global and includeIf files).
    public func configValue(_ name: String) -> String? {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0, let config else { return nil }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        guard git_config_get_string(&value, config, name) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// Every configuration entry whose name matches the regular expression `pattern`, in the order git reads them.
    public func configEntries(matching pattern: String) -> [(name: String, value: String)] {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, pointer) == 0, let config else { return [] }
        defer { git_config_free(config) }
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, config, pattern) == 0, let iterator else { return [] }
        defer { git_config_iterator_free(iterator) }
        var entries: [(name: String, value: String)] = []
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let current = entry?.pointee {
            entries.append((String(cString: current.name), String(cString: current.value)))
        }
        return entries
    }
}
