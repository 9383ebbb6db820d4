public import Foundation
import PromoteModel

/// One line of a stage's hold ledger (`HoldLedger`): a hold placed, a rollback made (which holds the stage too), or a
/// signed release of earlier holds.
public struct HoldEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case hold, rollback, release
    }

    public static let formatVersion = 1

    public let kind: Kind
    public let stage: String
    /// ISO 8601 UTC.
    public let at: String
    /// Why (a hold's or rollback's `--reason`, a release's `--comment`).
    public let reason: String
    /// Who placed a hold or rolled back (`RecordOrigin.by`); a release's approver.
    public let by: String
    /// The CI run that wrote it, when there was one.
    public let run: String?
    /// Rollback: the commit the stage ran before, and the commit it was rolled back to (full SHAs).
    public let from: String?
    public let to: String?
    /// Release: the IDs of the holds and rollbacks it lifts.
    public let releases: [String]
    public let signature: String?
    /// The line as stored; the event's identity.
    public let line: String
    /// The first 16 hex digits of the line's SHA-256: how a release names what it lifts.
    public let id: String

    /// Reads one ledger line; nil for a line that is not an event of this format.
    public static func parse(_ line: String) -> HoldEvent? {
        guard let record = try? JSONValue(parsing: Array(line.utf8)).objectValue,
            let kind = record["kind"]?.stringValue.flatMap(Kind.init(rawValue:)),
            record["version"]?.intValue == formatVersion, let stage = record["stage"]?.stringValue,
            let at = record["at"]?.stringValue
        else { return nil }
        let by = kind == .release ? record["approver"]?.stringValue : record["by"]?.stringValue
        return HoldEvent(
            kind: kind, stage: stage, at: at,
            reason: (kind == .release ? record["comment"] : record["reason"])?.stringValue ?? "", by: by ?? "?",
            run: record["run"]?.stringValue, from: record["from"]?.stringValue, to: record["to"]?.stringValue,
            releases: (record["releases"]?.arrayValue ?? []).compactMap(\.stringValue),
            signature: record["signature"]?.stringValue, line: line, id: id(of: line))
    }

    static func id(of line: String) -> String { String(SHA256.hex(Array(line.utf8)).prefix(16)) }

    public var date: Date? { RecordTime.parse(at) }

    /// The bytes a release's signer signed: every field but the signature, compact JSON with sorted keys.
    static func releasePayload(stage: String, approver: String, at: String, comment: String, releases: [String])
        -> Data
    {
        let fields: JSONValue = [
            "kind": "release", "version": .int(formatVersion), "stage": .string(stage), "approver": .string(approver),
            "at": .string(at), "comment": .string(comment), "releases": .array(releases.map { .string($0) }),
        ]
        return Data((fields.serialized(sortedKeys: true) + "\n").utf8)
    }

    /// A release as one ledger line.
    static func releaseLine(
        stage: String, approver: String, at: String, comment: String, releases: [String], signature: String
    ) -> String {
        let fields: JSONValue = [
            "kind": "release", "version": .int(formatVersion), "stage": .string(stage), "approver": .string(approver),
            "at": .string(at), "comment": .string(comment), "releases": .array(releases.map { .string($0) }),
            "namespace": .string(ApprovalRecord.namespace(for: stage)), "signature": .string(signature),
        ]
        return fields.serialized(sortedKeys: true)
    }

    /// The payload of this event when it is a release.
    var releasePayload: Data {
        Self.releasePayload(stage: stage, approver: by, at: at, comment: reason, releases: releases)
    }
}
