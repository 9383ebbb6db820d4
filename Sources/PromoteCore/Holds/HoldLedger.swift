import Foundation
import PromoteGit

/// Where a stage's holds, rollbacks and releases are kept: JSON lines in one git note per stage under
/// `refs/notes/promote/holds`, appended with compare-and-swap like every record.
///
/// A stage is not a commit, so the note hangs on a blob whose content names the stage (`promote hold ledger of
/// stage prd`): its ID is the same in every clone, and promote writes the blob so `git notes` sees a real object.
/// Gates read the note's whole history (`NoteLines.ledger`): a line dropped by a later notes commit still counts.
enum HoldLedger {
    static let notesRef = "refs/notes/promote/holds"

    static func anchorContent(stage: String) -> Data { Data("promote hold ledger of stage \(stage)\n".utf8) }

    static func anchor(stage: String) throws -> OID { try Repository.blobID(of: anchorContent(stage: stage)) }

    /// Every event of `stage` the ledger ever held, oldest first; lines that are not events, or are about another
    /// stage, are skipped.
    static func events(_ repository: Repository, stage: String) throws -> [HoldEvent] {
        try NoteLines.ledger(repository, commit: anchor(stage: stage), notesRef: notesRef).compactMap(HoldEvent.parse)
            .filter { $0.stage == stage }
    }

    static func append(_ line: String, _ repository: Repository, stage: String) throws {
        let anchor = try repository.writeBlob(anchorContent(stage: stage))
        try NoteLines.append(line, repository, commit: anchor, notesRef: notesRef)
    }
}
