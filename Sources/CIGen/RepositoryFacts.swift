import Foundation
import PromoteModel

/// What the generators need to know about the user's repository besides its stages and settings.
public struct RepositoryFacts: Sendable, Equatable {
    /// Whether the Dockerfile the settings name exists.
    public let hasDockerfile: Bool
    /// The principals of `stages/allowed_signers` (wildcard patterns left out), the default Jenkins approvers.
    public let allowedSigners: [String]

    public init(hasDockerfile: Bool, allowedSigners: [String]) {
        self.hasDockerfile = hasDockerfile
        self.allowedSigners = allowedSigners
    }

    public static let allowedSignersPath = "stages/allowed_signers"

    /// Reads the facts from a working tree.
    public static func read(root: String, dockerfile: String) -> RepositoryFacts {
        let signers =
            FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(allowedSignersPath))
            .flatMap { $0.count <= InputLimit.allowedSigners.bytes ? $0 : nil }  // the gate refuses a larger one
            .map { principals(inAllowedSigners: String(decoding: $0, as: UTF8.self)) } ?? []
        return RepositoryFacts(
            hasDockerfile: FileManager.default.fileExists(
                atPath: (root as NSString).appendingPathComponent(dockerfile)),
            allowedSigners: signers)
    }

    /// The named principals of git's allowed_signers format (`AllowedSigners`): patterns (`*`, `?`, `!`) are
    /// skipped, duplicates dropped.
    public static func principals(inAllowedSigners text: String) -> [String] {
        AllowedSigners(text).namedPrincipals
    }
}
