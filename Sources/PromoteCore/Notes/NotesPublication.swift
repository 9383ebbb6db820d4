/// What became of pushing a notes ref after a record was written.
public enum NotesPublication: Equatable, Sendable {
    case pushed(remote: String)
    /// The repository has no such remote: the record stays local, which is normal for a local-only repository.
    case noRemote(remote: String)
    /// The push failed; the record is kept locally.
    case failed(remote: String, reference: String, message: String)

    /// One line for the user.
    public var message: String {
        switch self {
        case .pushed(let remote): return "pushed to \(remote)"
        case .noRemote(let remote): return "kept locally (no remote '\(remote)')"
        case .failed(let remote, let reference, let message):
            return "NOT pushed to \(remote): \(message); the record is kept locally: push it with "
                + "'git push \(remote) \(reference)' once the remote is reachable"
        }
    }

    public var failed: Bool {
        if case .failed = self { return true }
        return false
    }
}
