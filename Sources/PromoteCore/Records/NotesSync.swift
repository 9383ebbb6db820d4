import Foundation
public import PromoteGit

/// Keeps promote's notes refs (`refs/notes/promote/*`) in step with a remote, so records travel with the repository
/// and two writers never lose each other's records. Notes are JSON lines per commit, so two versions of one note
/// merge by taking the union of their lines.
public enum NotesSync {
    /// Every notes ref promote writes.
    public static let prefix = "refs/notes/promote/"
    /// Where the remote's notes are fetched to before merging.
    static let trackingPrefix = "refs/promote/remote-notes/"

    /// Fetches the remote's promote notes and merges them into the local ones (only `only`, when given: a writer
    /// whose own record may still be taken back must not have that ref merged under it).
    public static func pull(
        _ repository: Repository, remote: String, credentials: GitCredentials, only: Set<String>? = nil
    ) throws {
        try repository.fetch(
            remote, refspecs: ["+\(prefix)*:\(trackingPrefix)*"], credentials: credentials, prune: true)
        for tracking in try repository.referenceNames(under: trackingPrefix) {
            let local = prefix + tracking.dropFirst(trackingPrefix.count)
            if let only, !only.contains(local) { continue }
            if let remoteTip = try repository.referenceTarget(tracking) {
                try merge(repository, local: local, remoteTip: remoteTip)
            }
        }
    }

    /// Publishes `notesRef` to the remote, merging in what others pushed meanwhile; retries when the remote moves
    /// between the fetch and the push.
    public static func push(_ repository: Repository, notesRef: String, remote: String, credentials: GitCredentials)
        throws
    {
        let tracking = trackingPrefix + notesRef.dropFirst(prefix.count)
        var lastError: (any Error)?
        for _ in 0..<8 {
            try repository.fetch(
                remote, refspecs: ["+\(prefix)*:\(trackingPrefix)*"], credentials: credentials, prune: true)
            let remoteTip = try repository.referenceTarget(tracking)
            if let remoteTip { try merge(repository, local: notesRef, remoteTip: remoteTip) }
            guard let localTip = try repository.referenceTarget(notesRef), localTip != remoteTip else { return }
            let pushed = Result { () throws(GitError) in
                try repository.pushReference(
                    notesRef, to: localTip, expecting: remoteTip, remote: remote, credentials: credentials)
            }
            switch pushed {
            case .success:
                return
            case .failure(.referenceMoved), .failure(.referenceLocked), .failure(.nonFastForward),
                .failure(.pushRejected):
                if case .failure(let error) = pushed { lastError = error }
            case .failure(let error):
                throw error
            }
        }
        throw lastError ?? GitError.referenceLocked(reference: notesRef)
    }

    /// Makes the local notes ref contain every line of `remoteTip`'s notes: a fast-forward when possible, otherwise
    /// the local notes re-applied on top of the remote's (so the result descends from the remote tip and pushes).
    static func merge(_ repository: Repository, local: String, remoteTip: OID) throws {
        guard let localTip = try repository.referenceTarget(local) else {
            try repository.updateReference(local, to: remoteTip, expecting: nil, message: "promote: notes from remote")
            return
        }
        if try localTip == remoteTip || repository.isAncestor(remoteTip, of: localTip) { return }
        if try repository.isAncestor(localTip, of: remoteTip) {
            try repository.updateReference(
                local, to: remoteTip, expecting: localTip, message: "promote: notes from remote")
            return
        }
        let scratch = "refs/promote/notes-merge/\(UUID().uuidString.lowercased())"
        try repository.updateReference(scratch, to: remoteTip, expecting: nil, message: "promote: notes merge")
        defer {
            if let tip = try? repository.referenceTarget(scratch) {
                try? repository.deleteReference(scratch, expecting: tip)
            }
        }
        let theirs = try repository.notes(notesRef: scratch)
        var tip = remoteTip
        for (commit, text) in try repository.notes(notesRef: local).sorted(by: { $0.key < $1.key }) {
            let merged = union(theirs[commit], text)
            if merged != theirs[commit] {
                tip = try repository.writeNote(on: commit, notesRef: scratch, text: merged, expectedTip: tip)
            }
        }
        try repository.updateReference(
            local, to: tip, expecting: localTip, message: "promote: notes merged with remote")
    }

    /// The lines of `base` followed by the lines of `other` it lacks.
    static func union(_ base: String?, _ other: String) -> String {
        let baseLines = (base ?? "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        var seen = Set(baseLines)
        var lines = baseLines
        for line in other.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        where seen.insert(line).inserted {
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
