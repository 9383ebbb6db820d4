import Foundation
public import PromoteGit

/// The two ways gate commands use `NotesSync`: push a record right after writing it, and bring the remote's records
/// in before judging. Both do nothing without the remote, so local-only repositories work unchanged.
extension NotesSync {
    public static let defaultRemote = "origin"

    /// Pushes `notesRef` to `remote` (merging what others pushed meanwhile). Never throws: a record that could not
    /// be pushed stays local, and the result says so.
    public static func publish(_ notesRef: String, repository: Repository, remote: String = defaultRemote)
        -> NotesPublication
    {
        guard repository.hasRemote(named: remote) else { return .noRemote(remote: remote) }
        do {
            let credentials = try repository.credentials(forRemote: remote)
            try push(repository, notesRef: notesRef, remote: remote, credentials: credentials)
            return .pushed(remote: remote)
        } catch {
            return .failed(remote: remote, reference: notesRef, message: error.localizedDescription)
        }
    }

    /// Fetches every `refs/notes/promote/*` ref from `remote` and merges it into the local one.
    public static func fetchRecords(repository: Repository, remote: String = defaultRemote) throws {
        guard repository.hasRemote(named: remote) else { return }
        try pull(repository, remote: remote, credentials: try repository.credentials(forRemote: remote))
    }
}
