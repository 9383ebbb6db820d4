public import Foundation
import PromoteModel

/// OpenSSH's `ssh-keygen -Y`: the signature format git uses for SSH-signed commits, used here for approvals.
///
/// Verification is left to ssh-keygen so that every detail of the allowed_signers format (patterns, `namespaces=`,
/// `valid-after=`, `cert-authority`) means exactly what it means to git.
public struct SSHKeygen: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The first `ssh-keygen` on `PATH`, or nil.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> SSHKeygen? {
        let directories = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in directories + ["/usr/bin"] {
            let candidate = (directory as NSString).appendingPathComponent("ssh-keygen")
            if FileManager.default.isExecutableFile(atPath: candidate) { return SSHKeygen(path: candidate) }
        }
        return nil
    }

    /// Signs `payload` with the private key in `keyFile` (or its public half, with the private key in ssh-agent) and
    /// returns the armored signature.
    func sign(_ payload: Data, keyFile: String, namespace: String) throws -> String {
        let result = try CapturedProcess.run(
            path, ["-Y", "sign", "-q", "-f", keyFile, "-n", namespace], input: payload)
        let signature = String(decoding: result.stdout, as: UTF8.self)
        guard result.status == 0, signature.contains("BEGIN SSH SIGNATURE") else {
            throw PromoteError.signingFailed(key: keyFile, detail: Self.detail(result.stderr, allowedSigners: nil))
        }
        return signature
    }

    /// The `SHA256:` fingerprint of the key that made `signature`, when it is a valid signature of `payload` in
    /// `namespace`; nil otherwise. Asks nothing about who may sign: tells a changed record apart from a key that is
    /// not allowed.
    func signingKey(_ payload: Data, signature: String, namespace: String, scratch: ScratchDirectory) throws
        -> String?
    {
        let file = try scratch.write(Data(signature.utf8), to: "signature")
        let result = try CapturedProcess.run(
            path, ["-Y", "check-novalidate", "-n", namespace, "-s", file], input: payload)
        guard result.status == 0 else { return nil }
        // "Good "<ns>" signature with ED25519 key SHA256:..."
        let text = String(decoding: result.stdout, as: UTF8.self) + result.stderr
        let fingerprint = text.split(whereSeparator: { $0 == " " || $0.isNewline }).first { $0.hasPrefix("SHA256:") }
        return fingerprint.map(String.init) ?? "unknown"
    }

    /// What `ssh-keygen -Y verify` concluded.
    enum Verification: Equatable {
        /// The signature is good and the key is allowed; `fingerprint` is the key's `SHA256:` fingerprint.
        case verified(fingerprint: String)
        case refused(reason: String)
    }

    /// Verifies that `principal` made `signature` over `payload` in `namespace` with a key `allowedSigners` lists
    /// for that principal and namespace.
    func verify(
        _ payload: Data, signature: String, namespace: String, principal: String, allowedSigners: String,
        scratch: ScratchDirectory
    ) throws -> Verification {
        let file = try scratch.write(Data(signature.utf8), to: "signature")
        let result = try CapturedProcess.run(
            path, ["-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", namespace, "-s", file], input: payload)
        guard result.status == 0 else {
            return .refused(reason: Self.detail(result.stderr, allowedSigners: allowedSigners))
        }
        // "Good "<ns>" signature for <principal> with ED25519 key SHA256:..."
        let text = String(decoding: result.stdout, as: UTF8.self) + result.stderr
        let fingerprint = text.split(whereSeparator: { $0 == " " || $0.isNewline }).first { $0.hasPrefix("SHA256:") }
        return .verified(fingerprint: fingerprint.map(String.init) ?? "unknown")
    }

    /// The principals `allowedSigners` lists for the key that made `signature` (namespaces are not considered).
    func principals(of signature: String, allowedSigners: String, scratch: ScratchDirectory) throws -> [String] {
        let file = try scratch.write(Data(signature.utf8), to: "probe-signature")
        let result = try CapturedProcess.run(path, ["-Y", "find-principals", "-f", allowedSigners, "-s", file])
        guard result.status == 0 else { return [] }
        return String(decoding: result.stdout, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
    }

    /// ssh-keygen's own explanation, with the temporary file's path replaced by the repository path it came from and
    /// the generic last line dropped.
    static func detail(_ stderr: String, allowedSigners: String?) -> String {
        var text = stderr
        if let allowedSigners { text = text.replacingOccurrences(of: allowedSigners, with: "stages/allowed_signers") }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter {
            !$0.hasPrefix("Could not verify signature") && !$0.hasPrefix("Signing data on standard input")
                && !$0.contains("BEGIN SSH SIGNATURE") && !$0.isEmpty
        }
        return lines.isEmpty ? "ssh-keygen gave no reason" : lines.joined(separator: "; ")
    }
}

/// Which names an allowed_signers file lists for each key, by fingerprint: computed once per file, since a gate
/// asks for every record it judges.
struct SignerIndex {
    let signers: AllowedSigners
    private let namesByFingerprint: [String: [String]]

    init(_ data: Data) {
        signers = AllowedSigners(data)
        var names: [String: [String]] = [:]
        for entry in signers.entries where !entry.isCertificateAuthority {
            guard let key = entry.key else { continue }
            let fingerprint = Self.fingerprint(of: key)
            for name in entry.named where !(names[fingerprint] ?? []).contains(name) {
                names[fingerprint, default: []].append(name)
            }
        }
        namesByFingerprint = names
    }

    /// The names the file lists, on any line, for the key with `fingerprint` (`SHA256:...`, as ssh-keygen prints).
    func names(forFingerprint fingerprint: String) -> [String] {
        namesByFingerprint[fingerprint] ?? []
    }

    /// OpenSSH's fingerprint of a public key: `SHA256:` and the unpadded base64 of the digest of its wire bytes.
    static func fingerprint(of key: [UInt8]) -> String {
        let digest = Data(SHA256.digest(key)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The names `cert-authority` lines list: for certificates, whose signing key is on no line, ssh-keygen's
    /// verification is the whole check.
    var certificateAuthorityNames: [String] {
        signers.entries.filter(\.isCertificateAuthority).flatMap(\.named)
    }
}
