import Foundation
import PromoteModel

@testable import PromoteCore

/// The readers of note lines anyone who can push notes writes: approvals, test and deploy records, signatures.
enum RecordTargets {
    static func records(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline).map(String.init) {
            if case .success(let record) = ApprovalRecord.parse(line) {
                _ = record.payload
                _ = record.date
            }
            _ = TestRecord.parse(line)
            _ = DeploymentRecord.parse(line)
            _ = RecordTime.parse(line)
            if let object = try? JSONValue(parsing: Array(line.utf8)).objectValue {
                _ = RecordSignature.signature(of: object)
                _ = RecordSignature.payload(object)
            }
        }
        // The index the gates look signers up in, built from the same text read as allowed_signers.
        let signers = SignerIndex(Data(bytes))
        _ = signers.names(forFingerprint: "SHA256:" + String(text.prefix(43)))
        _ = signers.certificateAuthorityNames
    }
}
