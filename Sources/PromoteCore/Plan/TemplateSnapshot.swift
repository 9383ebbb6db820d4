import Foundation
import PromoteGit
import PromoteModel

/// The AI Core templates of one commit, read the way the git-sync application reads them: the `*.yaml`, `*.yml`
/// and `*.json` files at the top level of the stage's templates folder. Listing is cheap; files are parsed only
/// when asked for, through the content-keyed `TemplateCache`.
struct TemplateSnapshot {
    let repository: Repository
    let commit: OID
    let path: String
    /// Blob ID per template file path: what identifies the folder's content.
    let blobs: [String: OID]
    /// Whether the folder exists at the commit.
    let folderExists: Bool

    init(_ repository: Repository, commit: OID, path: String) throws {
        self.repository = repository
        self.commit = commit
        self.path = path
        let entries: [TreeEntry]
        switch Result(catching: { () throws(GitError) in
            try repository.directory(at: commit, path: path == "." ? "" : path)
        }) {
        case .success(let found):
            entries = found
            folderExists = true
        case .failure(.pathNotFound), .failure(.notADirectory):
            entries = []
            folderExists = false
        case .failure(let error):
            throw error
        }
        let templateEntries = entries.filter {
            ($0.kind == .file || $0.kind == .executable) && Self.isTemplateFile($0.name)
        }
        blobs = Dictionary(templateEntries.map { ($0.path, $0.oid) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every template file, parsed (or read from the cache), sorted by path.
    func allFiles() throws -> [TemplateFile] {
        try files(Set(blobs.keys))
    }

    /// The files among `paths` that exist here, parsed (or read from the cache), sorted by path.
    func files(_ paths: Set<String>) throws -> [TemplateFile] {
        let cache = TemplateCache(repository: repository)
        var files: [TemplateFile] = []
        var missing: [(path: String, blob: OID, bytes: [UInt8])] = []
        for path in paths.sorted() {
            guard let blob = blobs[path] else { continue }
            if let cached = cache.load(path: path, blob: blob) {
                files.append(cached)
            } else {
                // Read here: a Repository must not be used from two threads at once.
                missing.append((path, blob, try repository.file(at: commit, path: path).map(Array.init) ?? []))
            }
        }
        // Parsing is pure and dominates a cold plan, so it uses every core.
        let toParse = missing
        let parsed = LockedResults<TemplateFile>(count: toParse.count)
        DispatchQueue.concurrentPerform(iterations: toParse.count) { index in
            let file = toParse[index]
            parsed.set(index, TemplateParser.parse(path: file.path, contents: file.bytes))
        }
        for (index, file) in missing.enumerated() {
            guard let result = parsed.get(index) else { continue }
            cache.store(result, path: file.path, blob: file.blob)
            files.append(result)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The paths whose content differs between two snapshots (added, removed or changed).
    static func changedPaths(_ one: TemplateSnapshot, _ two: TemplateSnapshot) -> Set<String> {
        Set(one.blobs.keys).union(two.blobs.keys).filter { one.blobs[$0] != two.blobs[$0] }
    }

    /// Identifies the folder's content: path and every file's blob.
    var contentKey: String {
        blobs.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value.hex)\n" }.joined()
    }

    static func isTemplateFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }
}
