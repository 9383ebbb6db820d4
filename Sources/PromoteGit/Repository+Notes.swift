internal import Clibgit2
import Foundation

extension Repository {
    /// The most bytes of one note promote reads. A note holds a commit's records, a few hundred bytes each; one
    /// pushed to be huge would otherwise stall every gate that reads it.
    public static let maximumNoteBytes = 8 << 20

    /// The note attached to `commit` under `notesRef` (e.g. `refs/notes/promote/approvals`), or nil.
    public func note(on commit: OID, notesRef: String) throws(GitError) -> String? {
        guard let tip = try referenceTarget(notesRef) else { return nil }
        return try withCommit(tip) { notesCommit throws(GitError) in
            var note: OpaquePointer?
            var target = commit.raw
            let result = git_note_commit_read(&note, pointer, notesCommit, &target)
            if result == GitCode.notFound { return nil }
            try check(result, "git_note_commit_read")
            defer { git_note_free(note) }
            guard let message = git_note_message(note) else { return nil }
            let bytes = strlen(message)
            guard bytes <= Self.maximumNoteBytes else {
                throw GitError.noteTooLarge(notesRef: notesRef, commit: commit, bytes: bytes)
            }
            return String(cString: message)
        }
    }

    /// Every commit that has a note under `notesRef`, with the note's text.
    public func notes(notesRef: String) throws(GitError) -> [OID: String] {
        guard try referenceTarget(notesRef) != nil else { return [:] }
        var iterator: OpaquePointer?
        try check(git_note_iterator_new(&iterator, pointer, notesRef), "git_note_iterator_new")
        defer { git_note_iterator_free(iterator) }
        var annotated: [OID] = []
        var noteID = git_oid()
        var commitID = git_oid()
        while true {
            let result = git_note_next(&noteID, &commitID, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "git_note_next")
            annotated.append(OID(commitID))
        }
        var notes: [OID: String] = [:]
        for commit in annotated {
            notes[commit] = try note(on: commit, notesRef: notesRef)
        }
        return notes
    }

    /// Sets the note on `commit` under `notesRef` to `text`, only if the notes ref still points at `expectedTip`
    /// (nil: only if it does not exist yet). Returns the new tip. A concurrent writer makes this throw
    /// `referenceMoved` instead of silently dropping either record.
    @discardableResult
    public func writeNote(on commit: OID, notesRef: String, text: String, expectedTip: OID?) throws(GitError) -> OID {
        let signature = defaultSignature()
        defer { git_signature_free(signature) }
        var target = commit.raw
        var newTip = git_oid()
        var blob = git_oid()
        let create = { (parent: OpaquePointer?) -> Int32 in
            git_note_commit_create(&newTip, &blob, self.pointer, parent, signature, signature, &target, text, 1)
        }
        if let expectedTip {
            _ = try withCommit(expectedTip) { parent throws(GitError) in
                try check(create(parent), "git_note_commit_create")
            }
        } else {
            try check(create(nil), "git_note_commit_create")
        }
        let tip = OID(newTip)
        try updateReference(notesRef, to: tip, expecting: expectedTip, message: "promote: note on \(commit.short)")
        return tip
    }

    /// Rewrites the note on `commit` with `transform` (which sees the current text or nil), retrying on concurrent
    /// updates so that records appended by other writers are kept.
    @discardableResult
    public func updateNote(
        on commit: OID, notesRef: String, attempts: Int = 20, transform: (String?) throws -> String
    ) throws -> OID {
        var lastError: GitError?
        for _ in 0..<max(1, attempts) {
            let tip = try referenceTarget(notesRef)
            let current = try tip == nil ? nil : note(on: commit, notesRef: notesRef)
            let text = try transform(current)
            do {
                return try writeNote(on: commit, notesRef: notesRef, text: text, expectedTip: tip)
            } catch let error {
                switch error {
                case .referenceMoved, .referenceLocked: lastError = error
                default: throw error
                }
            }
        }
        throw lastError ?? GitError.referenceLocked(reference: notesRef)
    }
}

extension Repository {
    /// Every line each commit's note under `notesRef` ever had, across the whole history of the notes ref, oldest
    /// first and without repeats.
    ///
    /// Records are append-only: a line removed by a later notes commit (a fast-forward that drops a revocation, say)
    /// still counts. A version larger than `maximumNoteBytes` is skipped. Only a rewrite of the notes ref's history (a force push) can hide a line, which is why the
    /// remote must refuse those.
    public func noteHistory(notesRef: String) throws(GitError) -> [OID: [String]] {
        var lines: [OID: [String]] = [:]
        for entry in try noteHistoryInOrder(notesRef: notesRef) { lines[entry.commit, default: []].append(entry.line) }
        return lines
    }

    /// `noteHistory` as one sequence: every line in the order it was first written, across all annotated commits.
    /// Records carry times of whole seconds; this order tells which of two records written in one second is newer.
    public func noteHistoryInOrder(notesRef: String) throws(GitError) -> [(commit: OID, line: String)] {
        guard let tip = try referenceTarget(notesRef) else { return [] }
        // A notes commit never changes, so the answer for a tip is the same for the life of the process; one gate
        // judgement asks several times.
        let key = NoteHistoryCache.Key(repository: gitDirectory, notesRef: notesRef, tip: tip)
        if let known = NoteHistoryCache.shared.lines(for: key) { return known }
        var ordered: [(commit: OID, line: String)] = []
        var seen: [OID: Set<String>] = [:]
        // Oldest first, so each note's lines keep the order they were written in.
        for notesCommit in try commits(from: nil, to: tip).reversed() {
            let parent = notesCommit.parents.first
            for change in try changes(from: parent, to: notesCommit.oid, detectRenames: false)
            where change.status != .deleted {
                let hex = change.path.replacingOccurrences(of: "/", with: "")
                guard let annotated = OID(hex: hex),
                    let data = try file(at: notesCommit.oid, path: change.path)
                else { continue }
                // A version over the limit is not promote's (its records are a few hundred bytes each): its lines do
                // not count. Throwing instead would stop every gate that reads this ref, for good, since the
                // history cannot be rewritten; appending to such a note is refused by `note(on:)`.
                guard data.count <= Self.maximumNoteBytes else { continue }
                for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                    let text = String(line)
                    guard !text.trimmingCharacters(in: .whitespaces).isEmpty,
                        seen[annotated, default: []].insert(text).inserted
                    else { continue }
                    ordered.append((annotated, text))
                }
            }
        }
        NoteHistoryCache.shared.store(ordered, for: key)
        return ordered
    }
}

/// `noteHistory` answers by repository, notes ref and tip.
final class NoteHistoryCache: @unchecked Sendable {
    // Safe: `entries` is only touched under `lock`.
    static let shared = NoteHistoryCache()

    struct Key: Hashable {
        let repository: String
        let notesRef: String
        let tip: OID
    }

    private let lock = NSLock()
    private var entries: [Key: [(commit: OID, line: String)]] = [:]

    func lines(for key: Key) -> [(commit: OID, line: String)]? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func store(_ lines: [(commit: OID, line: String)], for key: Key) {
        lock.lock()
        defer { lock.unlock() }
        // A handful of tips per process; keep it from growing without bound in a long-lived caller.
        if entries.count > 64 { entries.removeAll() }
        entries[key] = lines
    }
}
