import Foundation
public import PromoteGit
public import PromoteModel

/// The key promote signs the records it writes with (promotions, deploys, test results).
///
/// On a CI, `PROMOTE_RECORD_KEY` holds a private key (the text of an OpenSSH private key file) from the CI's secret
/// store, or `PROMOTE_RECORD_KEY_FILE` names one; on a laptop the user's own `git config user.signingkey` signs. With
/// none of them, records are written unsigned and the gates of stages that require signed records ignore them.
public final class RecordSigner {
    /// Where the key came from, for messages ("PROMOTE_RECORD_KEY", "git config user.signingkey").
    public let origin: String?
    private let key: SigningKey?
    private let keygen: SSHKeygen?
    /// Holds the key written from `PROMOTE_RECORD_KEY` for as long as the signer lives.
    private let scratch: ScratchDirectory?

    public static let keyVariable = "PROMOTE_RECORD_KEY"
    public static let keyFileVariable = "PROMOTE_RECORD_KEY_FILE"

    private init(key: SigningKey?, keygen: SSHKeygen?, scratch: ScratchDirectory?) {
        self.key = key
        self.keygen = keygen
        self.scratch = scratch
        origin = key?.origin
    }

    /// A signer that signs nothing (records stay unsigned).
    public static var unsigned: RecordSigner { RecordSigner(key: nil, keygen: nil, scratch: nil) }

    /// Finds the record key: `PROMOTE_RECORD_KEY`, else `PROMOTE_RECORD_KEY_FILE`, else `user.signingkey`.
    public static func resolve(repository: Repository, environment: [String: String]) throws -> RecordSigner {
        let keygen = SSHKeygen.locate(environment: environment)
        if let text = environment[keyVariable], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            guard let keygen else { throw PromoteError.sshKeygenMissing }
            let scratch = try ScratchDirectory("record-key")
            let path = scratch.file("record-key")
            // ssh-keygen refuses a private key that others can read.
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else { throw PromoteError.cannotWrite(path: path, detail: "could not write the record key") }
            return RecordSigner(key: SigningKey(path: path, origin: keyVariable), keygen: keygen, scratch: scratch)
        }
        if let file = environment[keyFileVariable], !file.isEmpty {
            guard let keygen else { throw PromoteError.sshKeygenMissing }
            guard FileManager.default.fileExists(atPath: file) else {
                throw PromoteError.signingKeyNotFound(path: file)
            }
            return RecordSigner(key: SigningKey(path: file, origin: keyFileVariable), keygen: keygen, scratch: nil)
        }
        guard let configured = repository.configValue("user.signingkey"), !configured.isEmpty, let keygen else {
            return .unsigned
        }
        let scratch = try ScratchDirectory("record-key")
        let key = try SigningKey.resolve(explicit: nil, repository: repository, scratchDirectory: scratch.path)
        return RecordSigner(key: key, keygen: keygen, scratch: scratch)
    }

    public var signs: Bool { key != nil }

    /// The record as one note line, signed in the namespace of `stage` when there is a key.
    func line(_ value: JSONValue, stage: String) throws -> String {
        guard var record = value.objectValue else { return value.serialized(sortedKeys: true) }
        record[RecordSignature.field] = nil
        if let key, let keygen {
            let signature = try keygen.sign(
                RecordSignature.payload(record), keyFile: key.path, namespace: RecordSignature.namespace(for: stage))
            record[RecordSignature.field] = .string(signature)
        }
        return JSONValue.object(record).serialized(sortedKeys: true)
    }

    /// One line for the user when records go out unsigned.
    public static let unsignedWarning =
        "warning: no record key (PROMOTE_RECORD_KEY, PROMOTE_RECORD_KEY_FILE or git config user.signingkey): this record is unsigned, and stages that require signed records ignore it"
}
