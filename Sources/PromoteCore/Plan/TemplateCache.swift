import Foundation
import PromoteGit
import PromoteModel

/// Results that depend only on content, cached in the repository's git directory (`promote/cache/`): parsed
/// template files keyed by path and blob ID, and the static checks of a plan keyed by everything they read. Parsing
/// hundreds of templates dominates `promote plan`; repeated plans of the same state (CI re-runs, a person
/// iterating) then read a few small files instead. A key can never describe other content, and any failure to
/// read or write the cache only means computing again.
struct TemplateCache {
    /// Bumped whenever what the parser or the checks produce changes, so older entries are ignored.
    static let format = "v1"

    let directory: String

    init(repository: Repository) {
        directory = (repository.gitDirectory as NSString).appendingPathComponent("promote/cache/\(Self.format)")
    }

    func load(path: String, blob: OID) -> TemplateFile? {
        load(TemplateFile.self, key: Self.key("template", path, blob.hex))
    }

    func store(_ file: TemplateFile, path: String, blob: OID) {
        store(file, key: Self.key("template", path, blob.hex))
    }

    func load<Value: Decodable>(_ type: Value.Type, key: String) -> Value? {
        guard let data = FileManager.default.contents(atPath: file(key)) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    func store(_ value: some Encodable, key: String) {
        guard let data = try? JSONEncoder().encode(value) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Written to a temporary name and renamed, so a concurrent reader never sees half a file.
        let temporary = file(key) + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, file(key)) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// A file-name-safe key for `parts` (hashed, so any text can be part of a key).
    static func key(_ parts: String...) -> String {
        SHA256.hex(Array(([format] + parts).joined(separator: "\u{0}").utf8))
    }

    private func file(_ key: String) -> String {
        (directory as NSString).appendingPathComponent(key + ".json")
    }
}
