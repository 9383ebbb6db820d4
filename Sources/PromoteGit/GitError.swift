internal import Clibgit2
public import Foundation

/// Everything that can go wrong in PromoteGit, each case one actionable line.
public enum GitError: Error, Equatable, Sendable {
    /// A libgit2 call failed; `function` names it, `message` is libgit2's own text.
    case libgit2(function: String, code: Int32, message: String)
    case notARepository(path: String)
    case revisionNotFound(String)
    case pathNotFound(path: String, commit: OID)
    case notADirectory(path: String, commit: OID)
    /// A compare-and-swap on a ref failed: it no longer points where the caller expected.
    case referenceMoved(reference: String, expected: OID?, actual: OID?)
    /// Another writer holds the ref's lock at this moment.
    case referenceLocked(reference: String)
    case pushRejected(reference: String, reason: String)
    case nonFastForward(reference: String)
    case authenticationFailed(url: String)
    /// The ssh server's host key is in no known_hosts file promote trusts.
    case unknownHostKey(url: String)
    case remoteNotFound(String)
    /// Merging two commits left conflicts in these paths; nothing was written.
    case mergeConflict(paths: [String])
    /// A note is larger than promote reads (`Repository.maximumNoteBytes`): nobody's records are that large, so
    /// promote adds nothing to it.
    case noteTooLarge(notesRef: String, commit: OID, bytes: Int)

    /// The libgit2 error code, when the error came from libgit2.
    public var libgit2Code: Int32? {
        if case .libgit2(_, let code, _) = self { return code }
        return nil
    }
}

extension GitError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .libgit2(let function, let code, let message):
            return "\(function) failed (\(code)): \(message)"
        case .notARepository(let path):
            return "'\(path)' is not inside a git repository; pass --repo PATH or run 'git init' first"
        case .revisionNotFound(let revision):
            return "revision '\(revision)' not found; check the branch, tag or commit name (git log --oneline --all)"
        case .pathNotFound(let path, let commit):
            return "'\(path)' does not exist at commit \(commit.short)"
        case .notADirectory(let path, let commit):
            return "'\(path)' is not a directory at commit \(commit.short)"
        case .referenceMoved(let reference, let expected, let actual):
            return
                "\(reference) moved meanwhile: expected \(expected?.short ?? "no ref"), found \(actual?.short ?? "no ref"); "
                + "fetch, review the new state and try again"
        case .referenceLocked(let reference):
            return "\(reference) is locked by another writer (a .lock file exists); try again, "
                + "or remove the stale lock if no git process is running"
        case .pushRejected(let reference, let reason):
            return "the remote rejected the update of \(reference): \(reason)"
        case .nonFastForward(let reference):
            return "pushing \(reference) is not a fast-forward: the remote has commits this repository does not; "
                + "fetch and integrate them first"
        case .authenticationFailed(let url):
            return "authentication to \(url) failed; check the token, the ssh-agent, or the checkout's credentials"
        case .unknownHostKey(let url):
            return "the ssh host key of \(url) is not trusted: add it to ~/.ssh/known_hosts (ssh-keyscan HOST >> "
                + "~/.ssh/known_hosts, after checking its fingerprint) or point PROMOTE_SSH_KNOWN_HOSTS at a known_hosts file"
        case .remoteNotFound(let name):
            return "remote '\(name)' not found; add it with 'git remote add \(name) URL'"
        case .mergeConflict(let paths):
            let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? " and \(paths.count - 5) more" : "")
            return "the merge has conflicts in \(shown); merge by hand (git merge) and promote the result"
        case .noteTooLarge(let notesRef, let commit, let bytes):
            return "the note on \(commit.short) under \(notesRef) is \(bytes) bytes, more than the "
                + "\(Repository.maximumNoteBytes >> 20) MiB promote reads, so nothing is added to it and its lines do "
                + "not count; look at it (git notes --ref \(notesRef) show \(commit.short) | head), remove it (git notes "
                + "--ref \(notesRef) remove \(commit.short)) and push \(notesRef)"
        }
    }
}

/// Turns a negative libgit2 result into a `GitError` carrying libgit2's message.
///
/// The message is read with `git_error_last` on the same thread right after the call, as libgit2 requires.
@discardableResult
func check(_ result: Int32, _ function: String) throws(GitError) -> Int32 {
    guard result < 0 else { return result }
    throw lastError(result, function)
}

/// The error libgit2 recorded for the failed call `function`.
func lastError(_ result: Int32, _ function: String) -> GitError {
    var message = "unknown error"
    if let error = git_error_last(), let text = error.pointee.message {
        message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return .libgit2(function: function, code: result, message: message)
}

/// libgit2 error codes promote reacts to, as plain integers.
enum GitCode {
    static let notFound = GIT_ENOTFOUND.rawValue
    static let exists = GIT_EEXISTS.rawValue
    static let nonFastForward = GIT_ENONFASTFORWARD.rawValue
    static let locked = GIT_ELOCKED.rawValue
    static let modified = GIT_EMODIFIED.rawValue
    static let auth = GIT_EAUTH.rawValue
    static let user = GIT_EUSER.rawValue
    static let certificate = GIT_ECERTIFICATE.rawValue
}
