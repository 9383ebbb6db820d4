import Foundation
public import PromoteGit
public import PromoteModel

/// A promotion as recorded in git notes (`refs/notes/promote/promotions`, one JSON line per promotion on the
/// commit the target branch moved to): who moved which branch from where to where, when, and by which rules.
///
/// Signed (see `RecordSignature`), it is an anchor: it says that `new` entered the stage judged by the rules at
/// `base`, which is where a later gate reads the rules for `new` (`PromotedRange`).
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
    /// The commit whose rules judged the promotion (the stage's last anchored commit).
    public let base: String?
    /// For a merge: the source head it merged, which is what the gates judged.
    public let merged: String?
    /// Who promoted (on a CI: the person who started the job, its run, and the bot as `via`).
    public let origin: RecordOrigin
    /// ISO 8601, UTC.
    public let at: String
    /// The freeze windows `--break-glass` passed, with its reason and the approvals it rested on.
    public var breakGlass: [JudgedFreeze] = []

    public var json: JSONValue {
        var fields: JSONObject = [
            "kind": "promotion", "from": .string(from), "to": .string(to), "branch": .string(branch),
            "old": .optional(old), "new": .string(new), "merge": .bool(merge), "base": .optional(base),
            "merged": .optional(merged), "at": .string(at),
        ]
        if !breakGlass.isEmpty {
            fields["break_glass"] = .array(
                breakGlass.map { freeze in
                    [
                        "window": .string(freeze.window), "ends_at": .string(freeze.endsAt),
                        "reason": .string(freeze.breakGlass?.reason ?? ""),
                        "approvers": .array((freeze.breakGlass?.approvers ?? []).map { .string($0) }),
                    ]
                })
        }
        return origin.stamp(.object(fields))
    }

    /// Appends the record, signed with `signer`'s key when it has one, to the note on `new`; returns the notes ref's
    /// tips before and after, so that `remove` can take exactly this write back.
    func write(to repository: Repository, signer: RecordSigner) throws -> (before: OID?, after: OID) {
        guard let commit = OID(hex: new) else { throw GitError.revisionNotFound(new) }
        let before = try repository.referenceTarget(Self.notesRef)
        let line = try signer.line(json, stage: to)
        try NoteLines.append(line, repository, commit: commit, notesRef: Self.notesRef)
        guard let after = try repository.referenceTarget(Self.notesRef) else {
            throw GitError.referenceLocked(reference: Self.notesRef)
        }
        return (before, after)
    }

    /// Takes the record back (the promotion did not happen after all) by putting the notes ref back where it was
    /// before `write`: notes are read with their history, so a later commit removing the line would not do.
    static func remove(written tips: (before: OID?, after: OID), from repository: Repository) throws {
        if let before = tips.before {
            try repository.updateReference(
                notesRef, to: before, expecting: tips.after, message: "promote: take back a promotion record")
        } else {
            try repository.deleteReference(notesRef, expecting: tips.after)
        }
    }
}
