import Foundation
public import PromoteGit

/// The SSH key an approver signs with: `--key PATH`, else git's `user.signingkey` (as for SSH-signed commits).
public struct SigningKey: Sendable, Equatable {
    /// A private key file, or a public key file whose private half is in ssh-agent.
    public let path: String
    /// How the user named it, for messages.
    public let origin: String

    public init(path: String, origin: String) {
        self.path = path
        self.origin = origin
    }

    /// Finds the key: `explicit`, else `user.signingkey` (a path, `~/` expanded, or git's `key::<public key>`
    /// form, which needs the private key in ssh-agent; it is written to `scratchDirectory`).
    public static func resolve(explicit: String?, repository: Repository, scratchDirectory: String) throws -> SigningKey
    {
        let configured = explicit ?? repository.configValue("user.signingkey")
        guard let configured, !configured.isEmpty else { throw PromoteError.noSigningKey }
        let origin = explicit == nil ? "git config user.signingkey" : "--key"
        if configured.hasPrefix("key::") || configured.hasPrefix("ssh-") {
            let literal = configured.hasPrefix("key::") ? String(configured.dropFirst("key::".count)) : configured
            let file = (scratchDirectory as NSString).appendingPathComponent("signing-key.pub")
            do {
                try Data((literal + "\n").utf8).write(to: URL(fileURLWithPath: file))
            } catch {
                throw PromoteError.cannotWrite(path: file, detail: error.localizedDescription)
            }
            return SigningKey(path: file, origin: origin)
        }
        let path = expandHome(configured)
        guard FileManager.default.fileExists(atPath: path) else { throw PromoteError.signingKeyNotFound(path: configured) }
        return SigningKey(path: path, origin: origin)
    }

    static func expandHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return home + path.dropFirst()
    }
}
