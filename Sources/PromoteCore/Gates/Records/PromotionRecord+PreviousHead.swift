import PromoteGit
import PromoteModel

extension PromotionRecord {
    /// Where `stage` stood before its latest recorded promotion to `commit` (the record's `old`), when that is a
    /// proper ancestor of `commit`: the state whose rules judge a commit already on the stage's branch.
    static func previousHead(of stage: String, promotedTo commit: OID, in repository: Repository) throws -> OID? {
        for line in try NoteLines.read(repository, commit: commit, notesRef: notesRef).reversed() {
            guard let record = try? JSONValue(parsing: Array(line.utf8)), record["kind"]?.stringValue == "promotion",
                record["to"]?.stringValue == stage, record["new"]?.stringValue == commit.hex,
                let old = record["old"]?.stringValue.flatMap(OID.init(hex:)), old != commit,
                try repository.isAncestor(old, of: commit)
            else { continue }
            return old
        }
        return nil
    }
}
