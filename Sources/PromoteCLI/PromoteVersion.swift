import PromoteGit

/// The version `promote --version` prints. scripts/package names the tarball after `current` and refuses to package
/// a commit tagged with another version.
enum PromoteVersion {
    static let current = "0.1.0"

    /// What `--version` prints: the version, then the libgit2 it runs on (`0.1.0 (libgit2 1.5.1)`).
    static var described: String { "\(current) (libgit2 \(GitLibrary.version))" }
}
