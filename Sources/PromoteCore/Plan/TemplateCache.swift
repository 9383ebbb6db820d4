import Foundation
import PromoteGit
import PromoteModel

/// Parsed template folders, cached in the repository's git directory by content: the key is the folder's path and
/// the blob IDs of its template files, so a cached entry can never describe other content. Parsing every template
/// of a large folder dominates `promote plan`; repeated plans of the same state (CI re-runs, a person iterating)
/// read one file instead. Any failure to read or write the cache only means parsing again.
struct TemplateCache {
    /// Bumped whenever what the parser produces changes, so older entries are ignored.
    static let format = "templates-v1"

    let directory: String

    init(repository: Repository) {
        directory = (repository.gitDirectory as NSString).appendingPathComponent("promote/cache/\(Self.format)")
    }

    /// The key of a folder whose template files are `blobs` (path → blob ID).
    static func key(path: String, blobs: [String: OID]) -> String {
        let listing = blobs.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.hex)\n" }.joined()
        return SHA256.hex(Array("\(format)\n\(path)\n\(listing)".utf8))
    }

    func load(key: String) -> [TemplateFile]? {
        guard let data = FileManager.default.contents(atPath: file(key)) else { return nil }
        return try? JSONDecoder().decode([TemplateFile].self, from: data)
    }

    func store(_ files: [TemplateFile], key: String) {
        guard let data = try? JSONEncoder().encode(files) else { return }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Written to a temporary name and renamed, so a concurrent reader never sees half a file.
        let temporary = file(key) + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
        if rename(temporary, file(key)) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    private func file(_ key: String) -> String {
        (directory as NSString).appendingPathComponent(key + ".json")
    }
}
