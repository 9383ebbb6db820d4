public import Foundation
import PromoteModel

/// A signed approval (or its withdrawal) of one commit for one stage, as stored in git notes: one JSON line on the
/// approved commit under `refs/notes/promote/approvals` (DESIGN.md §6).
public struct ApprovalRecord: Sendable, Equatable {
    public static let notesRef = "refs/notes/promote/approvals"
    public static let formatVersion = 1

    public var stage: String
    /// The full SHA of the approved commit.
    public var commit: String
    /// The approver's principal in `stages/allowed_signers` (an email).
    public var approver: String
    /// ISO 8601 UTC, exactly as signed.
    public var at: String
    public var comment: String
    /// True for a withdrawal of the approver's own earlier approvals.
    public var revoke: Bool
    /// The armored `ssh-keygen -Y sign` signature over `payload`; nil when the record has none.
    public var signature: String?

    public init(
        stage: String, commit: String, approver: String, at: String, comment: String, revoke: Bool,
        signature: String? = nil
    ) {
        self.stage = stage
        self.commit = commit
        self.approver = approver
        self.at = at
        self.comment = comment
        self.revoke = revoke
        self.signature = signature
    }

    /// The signature namespace for approvals of `stage`. Being per stage, an allowed_signers line can restrict a
    /// signer to some stages with git's own option, e.g. `namespaces="promote-approval-tst@promote.dev"`.
    public static func namespace(for stage: String) -> String { "promote-approval-\(stage)@promote.dev" }

    /// The bytes that are signed: every field except the signature, as compact JSON with sorted keys.
    public var payload: Data {
        let fields: JSONValue = [
            "kind": "approval", "version": .int(Self.formatVersion), "stage": .string(stage), "commit": .string(commit),
            "approver": .string(approver), "at": .string(at), "comment": .string(comment), "revoke": .bool(revoke),
        ]
        return Data((fields.serialized(sortedKeys: true) + "\n").utf8)
    }

    /// The record as one line of its note.
    public var line: String {
        let fields: JSONValue = [
            "kind": "approval", "version": .int(Self.formatVersion), "stage": .string(stage), "commit": .string(commit),
            "approver": .string(approver), "at": .string(at), "comment": .string(comment), "revoke": .bool(revoke),
            "namespace": .string(Self.namespace(for: stage)), "signature": .optional(signature),
        ]
        return fields.serialized(sortedKeys: true)
    }

    /// Reads one note line; nil with the reason when it is not an approval record.
    public static func parse(_ line: String) -> Result<ApprovalRecord, RecordProblem> {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: Array(line.utf8))
        } catch {
            return .failure(RecordProblem("not valid JSON (\(error.description))"))
        }
        guard value["kind"]?.stringValue == "approval" else {
            return .failure(RecordProblem("not an approval record (kind is not \"approval\")"))
        }
        guard value["version"]?.intValue == formatVersion else {
            return .failure(RecordProblem("approval record version is not \(formatVersion)"))
        }
        guard let stage = value["stage"]?.stringValue, let commit = value["commit"]?.stringValue,
            let approver = value["approver"]?.stringValue, let at = value["at"]?.stringValue,
            let revoke = value["revoke"]?.boolValue
        else {
            return .failure(RecordProblem("approval record lacks stage, commit, approver, at or revoke"))
        }
        return .success(
            ApprovalRecord(
                stage: stage, commit: commit, approver: approver, at: at,
                comment: value["comment"]?.stringValue ?? "", revoke: revoke,
                signature: value["signature"]?.stringValue))
    }

    /// `at` as a date, when it is well-formed.
    public var date: Date? { RecordTime.parse(at) }
}

/// Why a note line was not read as a record.
public struct RecordProblem: Error, Equatable, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }
}
