import Foundation

/// `promote.release_url`, `promote.version` and `promote.release_sha256`: what `install: release` downloads and the
/// checksum it must have. They are written into shell, YAML and Groovy, so they are held to narrow rules.
extension CISettingsLoader {
    /// The placeholders a release URL may contain, replaced when the CI files are generated (`{version}`) and on the
    /// runner (`{arch}`, its `uname -m`).
    public static let releaseURLPlaceholders = ["{version}", "{arch}"]

    struct Release {
        let url: String
        let version: String?
        let sha256: [CISettings.Architecture: String]
    }

    static func readRelease(_ reader: JSONObjectReader, method: CISettings.InstallMethod) -> Release {
        guard method == .release else {
            for key in ["release_url", "version", "release_sha256"] where reader.object[key] != nil {
                reader.problem(key, "only used when install is \"release\"; remove it or set \"install\": \"release\"")
            }
            return Release(url: CISettings.defaultReleaseURL, version: nil, sha256: [:])
        }
        let url = reader.string("release_url")
        let version = reader.safeString("version", .label)
        let sha256 = readChecksums(reader)
        if let url, let problem = releaseURLProblem(url) {
            reader.problem("release_url", problem)
        } else if let url, !url.contains("{arch}"), sha256.count > 1 {
            reader.problem(
                "release_url",
                "has no {arch}, but release_sha256 names \(sha256.keys.sorted().map(\.rawValue).joined(separator: " and ")): "
                    + "each architecture has its own tarball")
        }
        if reader.object["release_sha256"] == nil {
            reader.problem(
                "release_sha256",
                "required when install is \"release\": the SHA-256 of promote-\(version ?? "<version>")-linux-x86_64.tar.gz, "
                    + "from the .sha256 file published beside the tarball (scripts/package prints it when it makes one)"
            )
        }
        return Release(url: url ?? CISettings.defaultReleaseURL, version: version, sha256: sha256)
    }

    /// Why `url` cannot be a release URL, or nil: https (plain http only on the loopback interface, for tests), no
    /// credentials, no character that could end a quoted string in shell, YAML or Groovy, and no placeholder but
    /// `{version}` and `{arch}`.
    public static func releaseURLProblem(_ url: String) -> String? {
        let loopback = ["http://127.0.0.1", "http://localhost"].contains { prefix in
            url.hasPrefix(prefix)
                && (url.count == prefix.count || ":/".contains(url[url.index(url.startIndex, offsetBy: prefix.count)]))
        }
        guard url.hasPrefix("https://") || loopback else {
            return "\"\(url)\" is not an https:// URL (plain http:// is accepted only for 127.0.0.1 and localhost)"
        }
        var rest = url
        for placeholder in releaseURLPlaceholders { rest = rest.replacingOccurrences(of: placeholder, with: "x") }
        guard SafeText.url.accepts(rest.filter { $0 != "{" && $0 != "}" }) else {
            return "\"\(url)\" is not allowed here: use letters, digits, . _ ~ : / @ % + = - and the placeholders "
                + "{version} and {arch} (no quotes, spaces, $ or backticks)"
        }
        guard !rest.contains("{") && !rest.contains("}") else {
            return "\"\(url)\" has a placeholder promote does not know; use {version} and {arch}"
        }
        let authority = rest.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first ?? ""
        guard !authority.contains("@") else {
            return "must not carry credentials (user:password@host): they would be written into the CI files"
        }
        return nil
    }

    /// Why `text` is not a SHA-256 as sha256sum prints it, or nil.
    public static func sha256Problem(_ text: String) -> String? {
        let hex = text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
        guard text.unicodeScalars.count == 64 && hex else {
            return "\"\(text)\" is not a SHA-256: use the 64 lower-case hex digits sha256sum prints (the .sha256 file "
                + "published beside the tarball has them)"
        }
        return nil
    }

    /// A string (the x86_64 tarball's checksum) or an object of checksums by architecture.
    private static func readChecksums(_ reader: JSONObjectReader) -> [CISettings.Architecture: String] {
        let key = "release_sha256"
        guard let value = reader.object[key] else { return [:] }
        switch value {
        case .string(let text):
            if let problem = sha256Problem(text) {
                reader.problem(key, problem)
                return [:]
            }
            return [.x86_64: text]
        case .object:
            guard let checksums = reader.object(key) else { return [:] }
            var result: [CISettings.Architecture: String] = [:]
            for name in checksums.object.keys {
                guard let architecture = CISettings.Architecture(rawValue: name) else {
                    checksums.problem(
                        name,
                        "\"\(name)\" is not an architecture promote is released for; use x86_64 or aarch64 "
                            + "(as uname -m names them)")
                    continue
                }
                guard let text = checksums.string(name) else { continue }
                if let problem = sha256Problem(text) {
                    checksums.problem(name, problem)
                    continue
                }
                result[architecture] = text
            }
            if checksums.object.keys.isEmpty {
                reader.problem(key, "names no architecture; give the SHA-256 of the x86_64 tarball (and of aarch64's)")
            }
            return result
        default:
            reader.problem(
                key,
                "expected the tarball's SHA-256 (a string) or an object of them by architecture (x86_64, "
                    + "aarch64), got \(value.typeDescription)")
            return [:]
        }
    }
}
