import Foundation
import PromoteModel

/// The SSH signature on one of promote's own records (promotion, deploy, test), the same scheme as approvals: the
/// record's JSON line carries a `signature` field, made by `ssh-keygen -Y sign` over every other field (compact JSON,
/// sorted keys, one newline) in the namespace of the record's stage.
///
/// A stage's `allowed_signers` decides who may write its records: CI's key, listed with
/// `namespaces="promote-record-*@promote.dev"` so that it cannot approve anything, and people whose lines carry no
/// `namespaces=` option (they may sign both).
public enum RecordSignature {
    public static let field = "signature"

    /// The namespace records about `stage` are signed in.
    public static func namespace(for stage: String) -> String { "promote-record-\(stage)@promote.dev" }

    /// The bytes that are signed: the record without its signature.
    static func payload(_ record: JSONObject) -> Data {
        var unsigned = record
        unsigned[field] = nil
        return Data((JSONValue.object(unsigned).serialized(sortedKeys: true) + "\n").utf8)
    }

    /// The armored signature of a parsed record, when it has one.
    static func signature(of record: JSONObject) -> String? {
        guard let text = record[field]?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}
