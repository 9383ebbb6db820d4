import PromoteGit
import PromoteModel

/// A promotion as `promote <from> <to>` records it under `refs/notes/promote/promotions` on the promoted commit:
/// `{"kind":"promotion","from":"dev","to":"tst","old":"<sha>","new":"<sha>",...}`; only what gates need is read.
struct PromotionRecord: Equatable {
    static let notesRef = "refs/notes/promote/promotions"

    let to: String
    let old: String?
    let new: String

    static func parse(_ line: String) -> PromotionRecord? {
        guard let value = try? JSONValue(parsing: Array(line.utf8)), value["kind"]?.stringValue == "promotion",
            let to = value["to"]?.stringValue, let new = value["new"]?.stringValue
        else { return nil }
        return PromotionRecord(to: to, old: value["old"]?.stringValue, new: new)
    }

    /// Where `stage` stood before its latest recorded promotion to `commit`, when that is an ancestor of `commit`.
    static func previousHead(of stage: String, promotedTo commit: OID, in repository: Repository) throws -> OID? {
        let records = try NoteLines.read(repository, commit: commit, notesRef: notesRef).compactMap(parse)
        for record in records.reversed() where record.to == stage && record.new == commit.hex {
            guard let old = record.old.flatMap(OID.init(hex:)), old != commit,
                try repository.isAncestor(old, of: commit)
            else { continue }
            return old
        }
        return nil
    }
}
