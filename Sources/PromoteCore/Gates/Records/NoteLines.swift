import Foundation
import PromoteGit

/// The JSON lines of a commit's note: how every promote record kind is stored.
enum NoteLines {
    /// The non-empty lines of the note on `commit` under `notesRef`, oldest first.
    static func read(_ repository: Repository, commit: OID, notesRef: String) throws -> [String] {
        guard let text = try repository.note(on: commit, notesRef: notesRef) else { return [] }
        return text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
    }

    /// Appends `line` to the note on `commit` with compare-and-swap, so concurrent writers keep each other's lines.
    static func append(_ line: String, _ repository: Repository, commit: OID, notesRef: String) throws {
        try repository.updateNote(on: commit, notesRef: notesRef) { current in
            var text = current ?? ""
            if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
            return text + line + "\n"
        }
    }
}

extension NoteLines {
    /// Every line the note on `commit` ever had, across the notes ref's history (`Repository.noteHistory`): what
    /// gates judge, so that a record dropped by a later notes commit (a revocation, a failed test run) still counts.
    static func ledger(_ repository: Repository, commit: OID, notesRef: String) throws -> [String] {
        try repository.noteHistory(notesRef: notesRef)[commit] ?? []
    }
}
