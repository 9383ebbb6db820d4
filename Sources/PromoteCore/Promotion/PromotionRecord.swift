import Foundation
public import PromoteGit
public import PromoteModel

/// A promotion as recorded in git notes (`refs/notes/promote/promotions`, one JSON line per promotion on the
/// commit the target branch moved to): who moved which branch from where to where, and when.
public struct PromotionRecord: Equatable, Sendable {
    public static let notesRef = "refs/notes/promote/promotions"

    public let from: String
    public let to: String
    public let branch: String
    /// The target branch before (nil when it was created).
    public let old: String?
    public let new: String
    /// Whether `new` is a merge commit promote created (`--merge`).
    public let merge: Bool
    /// `Name <email>` of whoever ran promote.
    public let by: String
    /// ISO 8601, UTC.
    public let at: String

    public var json: JSONValue {
        [
            "kind": "promotion", "from": .string(from), "to": .string(to), "branch": .string(branch),
            "old": .optional(old), "new": .string(new), "merge": .bool(merge), "by": .string(by), "at": .string(at),
        ]
    }

    /// Takes the record back (the promotion did not happen after all): removes its line from the note on `new`.
    public func remove(from repository: Repository) throws {
        guard let commit = OID(hex: new) else { return }
        let line = json.serialized(sortedKeys: true)
        try repository.updateNote(on: commit, notesRef: Self.notesRef) { current in
            (current ?? "").split(separator: "\n").filter { $0 != line }.map { $0 + "\n" }.joined()
        }
    }

    /// Appends the record to the note on `new`.
    public func write(to repository: Repository) throws {
        guard let commit = OID(hex: new) else { return }
        try NoteLines.append(json.serialized(sortedKeys: true), repository, commit: commit, notesRef: Self.notesRef)
    }
}
