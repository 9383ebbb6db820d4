import Foundation
public import PromoteGit

/// Moves promote's records (notes refs) between a repository and its remote, so approvals, test results,
/// deployments and promotions travel with the repository (DESIGN.md §1, §6).
///
/// Notes are append-only JSON lines per commit, so two copies of a notes ref that diverged are merged by taking the
/// union of each commit's lines: nothing either side recorded is lost.
public enum NotesSync {
    public static let defaultRemote = "origin"
    /// Every notes ref promote writes.
    public static let references = [
        ApprovalRecord.notesRef, TestRecord.notesRef, StageDeployment.notesRef, PromotionRecord.notesRef,
    ]

    /// Where a fetch puts the remote's notes refs before they are merged: `refs/promote/fetched/<remote>/<kind>`.
    static func fetchedReference(_ reference: String, remote: String) -> String {
        "refs/promote/fetched/\(remote)/" + reference.dropFirst("refs/notes/promote/".count)
    }

    /// Fetches every `refs/notes/promote/*` ref from `remote` and merges each into the local one. Does nothing when
    /// the remote is not configured; throws when the fetch fails.
    public static func pull(repository: Repository, remote: String = defaultRemote) throws {
        guard repository.hasRemote(named: remote) else { return }
        let credentials = try repository.credentials(forRemote: remote)
        try repository.fetch(
            remote, refspecs: ["+refs/notes/promote/*:refs/promote/fetched/\(remote)/*"], credentials: credentials)
        for reference in references {
            try merge(reference, from: fetchedReference(reference, remote: remote), repository: repository)
        }
    }

    /// Pushes `reference` to `remote`. When the remote has records this repository lacks, fetches and merges them and
    /// tries again. Never throws: a failed push leaves the record local and says so.
    public static func publish(_ reference: String, repository: Repository, remote: String = defaultRemote)
        -> NotesPublication
    {
        guard repository.hasRemote(named: remote) else { return .noRemote(remote: remote) }
        var lastError = "unknown error"
        for _ in 0..<3 {
            do {
                let credentials = try repository.credentials(forRemote: remote)
                try repository.push(remote, updates: [PushUpdate(source: reference)], credentials: credentials)
                return .pushed(remote: remote)
            } catch {
                lastError = error.localizedDescription
                guard isRejection(error) else { break }
            }
            do {
                try pull(repository: repository, remote: remote)
            } catch {
                lastError = error.localizedDescription
                break
            }
        }
        return .failed(remote: remote, reference: reference, message: lastError)
    }

    private static func isRejection(_ error: GitError) -> Bool {
        switch error {
        case .nonFastForward, .pushRejected: return true
        default: return false
        }
    }

    /// Makes the local `reference` contain everything in `fetched`: fast-forward when possible, else a new history
    /// on top of `fetched` with the union of lines, so the next push is a fast-forward.
    static func merge(_ reference: String, from fetched: String, repository: Repository) throws {
        guard let remoteTip = try repository.referenceTarget(fetched) else { return }
        var lastError: (any Error)?
        for _ in 0..<5 {
            do {
                try mergeOnce(reference, remoteTip: remoteTip, fetched: fetched, repository: repository)
                return
            } catch {
                // Another writer moved the local ref meanwhile: start again from its new tip.
                guard let gitError = error as? GitError, isConcurrentUpdate(gitError) else { throw error }
                lastError = error
            }
        }
        throw lastError ?? GitError.referenceLocked(reference: reference)
    }

    private static func isConcurrentUpdate(_ error: GitError) -> Bool {
        switch error {
        case .referenceMoved, .referenceLocked: return true
        default: return false
        }
    }

    private static func mergeOnce(_ reference: String, remoteTip: OID, fetched: String, repository: Repository)
        throws
    {
        guard let localTip = try repository.referenceTarget(reference) else {
            try repository.updateReference(reference, to: remoteTip, expecting: nil, message: "promote: fetched notes")
            return
        }
        if try localTip == remoteTip || repository.isAncestor(remoteTip, of: localTip) { return }
        if try repository.isAncestor(localTip, of: remoteTip) {
            try repository.updateReference(
                reference, to: remoteTip, expecting: localTip, message: "promote: fetched notes")
            return
        }
        let local = try repository.notes(notesRef: reference)
        let remote = try repository.notes(notesRef: fetched)
        let scratch = "refs/promote/merging/\(UUID().uuidString)"
        try repository.updateReference(scratch, to: remoteTip, expecting: nil, message: "promote: merging notes")
        var tip = remoteTip
        defer { try? repository.deleteReference(scratch, expecting: tip) }
        for (commit, text) in local.sorted(by: { $0.key < $1.key }) {
            let merged = union(remote[commit], text)
            guard merged != remote[commit] else { continue }
            tip = try repository.writeNote(on: commit, notesRef: scratch, text: merged, expectedTip: tip)
        }
        try repository.updateReference(reference, to: tip, expecting: localTip, message: "promote: merged notes")
    }

    /// The remote's lines, then the local lines it lacks.
    static func union(_ remote: String?, _ local: String) -> String {
        let remoteLines = (remote ?? "").split(whereSeparator: \.isNewline).map(String.init)
        var seen = Set(remoteLines)
        var lines = remoteLines
        for line in local.split(whereSeparator: \.isNewline).map(String.init) where seen.insert(line).inserted {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
