public import Foundation

/// The lines of an allowed_signers file (ssh-keygen(1), "ALLOWED SIGNERS"), read far enough to say which names each
/// key is listed under. Whether a signature is good is still ssh-keygen's call; this answers what
/// `ssh-keygen -Y find-principals` does not: it stops at the first matching line, so a key listed on two lines
/// shows only its first name.
public struct AllowedSigners: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// 1-based line number in the file.
        public let line: Int
        /// The comma-separated first field, patterns included.
        public let principals: [String]
        /// Whether the line has the `cert-authority` option: its key signs certificates, not records.
        public let isCertificateAuthority: Bool
        /// The public key's wire bytes (the base64 field decoded), or nil when the line has no readable key.
        public let key: [UInt8]?

        /// The principals that name one identity rather than a pattern (`*@example.com`, `!bob`).
        public var named: [String] { principals.filter { !AllowedSigners.isPattern($0) } }
    }

    public let entries: [Entry]

    /// Reads every line; comments, blank lines and lines that are not entries are skipped, as ssh-keygen skips them.
    public init(_ text: String) {
        var entries: [Entry] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if let entry = Self.entry(Substring(line), number: index + 1) { entries.append(entry) }
        }
        self.entries = entries
    }

    public init(_ data: Data) {
        self.init(String(decoding: data, as: UTF8.self))
    }

    /// Whether `principal` is a pattern in ssh's sense (matches other names, or negates one).
    public static func isPattern(_ principal: String) -> Bool {
        principal.contains { "*?!".contains($0) }
    }

    /// Every named principal in file order, without duplicates.
    public var namedPrincipals: [String] {
        var seen: [String] = []
        for name in entries.flatMap(\.named) where !seen.contains(name) { seen.append(name) }
        return seen
    }

    private static func entry(_ line: Substring, number: Int) -> Entry? {
        var tokens = Tokens(line)
        guard let first = tokens.next(), !first.hasPrefix("#") else { return nil }
        let principals = first.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        guard !principals.isEmpty else { return nil }
        // Options come before the key: a key type followed by base64 whose first field names that type.
        var options: [String] = []
        var previous: String?
        var key: [UInt8]?
        while let token = tokens.next() {
            if let type = previous, let blob = Self.keyBlob(token, type: type) {
                key = blob
                break
            }
            if let previous { options.append(previous) }
            previous = token
        }
        let isCertificateAuthority = options.contains { $0.lowercased() == "cert-authority" }
        return Entry(line: number, principals: principals, isCertificateAuthority: isCertificateAuthority, key: key)
    }

    /// The decoded key when `token` is base64 of an SSH public key blob that starts with the string `type`.
    private static func keyBlob(_ token: String, type: String) -> [UInt8]? {
        guard token.count >= 8, let data = Data(base64Encoded: token) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count >= 4 else { return nil }
        let length = bytes[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length == type.utf8.count, bytes.count >= 4 + length, Array(bytes[4..<4 + length]) == Array(type.utf8)
        else { return nil }
        return bytes
    }

    /// Whitespace-separated fields; a field may be double-quoted (`namespaces="a b"`, `"alice,bob"`), as
    /// ssh-keygen's own tokenizer allows. Quotes are kept inside option fields and dropped around a whole field.
    private struct Tokens {
        private var rest: Substring

        init(_ line: Substring) { rest = line }

        mutating func next() -> String? {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard !rest.isEmpty else { return nil }
            var token = ""
            var quoted = false
            while let character = rest.first {
                if character == "\"" {
                    quoted.toggle()
                } else if !quoted && (character == " " || character == "\t") {
                    break
                } else {
                    token.append(character)
                }
                rest = rest.dropFirst()
            }
            return token
        }
    }
}
