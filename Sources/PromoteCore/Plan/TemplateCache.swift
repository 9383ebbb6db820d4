import Foundation
import PromoteGit
import PromoteModel

/// Results that depend only on content, cached in the repository's git directory (`promote/cache/`): a plan's
/// semantic template diff keyed by the changed files' paths and blob IDs at both heads, and its static checks keyed
/// by everything they read. Repeated plans of the same state (CI re-runs, a person iterating) then read two small
/// files instead of parsing the templates. A key can never describe other content, and any failure to read or
/// write the cache only means computing again. There are no entries per template file: writing hundreds of them cost
/// a cold plan (every CI job's fresh clone) about as much as parsing the files.
struct TemplateCache {
    /// Bumped whenever what the parser or the checks produce changes, so older entries are ignored.
    static let format = "v2"

    let directory: String

    init(repository: Repository) {
        directory = (repository.gitDirectory as NSString).appendingPathComponent("promote/cache/\(Self.format)")
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

    /// `compute()`'s value, after storing it under `key`.
    func storing<Value: Encodable>(key: String, _ compute: () throws -> Value) rethrows -> Value {
        let value = try compute()
        store(value, key: key)
        return value
    }

    /// A file-name-safe key for `parts` (hashed, so any text can be part of a key). Each part is prefixed with its
    /// length, so no two lists of parts give the same key whatever they contain.
    static func key(_ parts: [String]) -> String {
        SHA256.hex(Array(([format] + parts).map { "\($0.utf8.count):\($0)" }.joined().utf8))
    }

    private func file(_ key: String) -> String {
        (directory as NSString).appendingPathComponent(key + ".json")
    }
}
