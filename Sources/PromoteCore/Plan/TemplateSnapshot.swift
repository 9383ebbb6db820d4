import Foundation
import PromoteGit
import PromoteModel

/// The AI Core templates of one commit, read the way the git-sync application reads them: the `*.yaml`, `*.yml`
/// and `*.json` files at the top level of the stage's templates folder. Listing is cheap; files are parsed only
/// when asked for.
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

    /// Every template file, parsed, sorted by path.
    func allFiles() throws -> [TemplateFile] {
        try Self.parse([(self, Set(blobs.keys))])[0]
    }

    /// The files among each request's paths that exist in its snapshot, parsed in one batch on every core: one list
    /// per request, sorted by path. One batch, so that a few large files of one snapshot do not leave a core idle.
    static func parse(_ requests: [(snapshot: TemplateSnapshot, paths: Set<String>)]) throws -> [[TemplateFile]] {
        var sources: [(request: Int, path: String, bytes: [UInt8])] = []
        for (index, request) in requests.enumerated() {
            for path in request.paths.sorted() {
                guard let blob = request.snapshot.blobs[path] else { continue }
                // Read here: a Repository must not be used from two threads at once.
                sources.append((index, path, Array(try request.snapshot.repository.blob(blob))))
            }
        }
        // Parsing is pure and dominates a cold plan, so it uses every core.
        let toParse = sources
        let parsed = LockedResults<TemplateFile>(count: toParse.count)
        if !toParse.isEmpty {
            DispatchQueue.concurrentPerform(iterations: toParse.count) { index in
                parsed.set(index, TemplateParser.parse(path: toParse[index].path, contents: toParse[index].bytes))
            }
        }
        var files = Array(repeating: [TemplateFile](), count: requests.count)
        for (index, source) in toParse.enumerated() {
            if let file = parsed.get(index) { files[source.request].append(file) }
        }
        return files
    }

    /// The paths whose content differs between two snapshots (added, removed or changed).
    static func changedPaths(_ one: TemplateSnapshot, _ two: TemplateSnapshot) -> Set<String> {
        Set(one.blobs.keys).union(two.blobs.keys).filter { one.blobs[$0] != two.blobs[$0] }
    }

    /// Identifies the folder's content: every file's path and blob, NUL-separated (no git path holds a NUL).
    var contentKey: String {
        blobs.sorted { $0.key < $1.key }.map { "\($0.key)\u{0}\($0.value.hex)" }.joined(separator: "\u{0}")
    }

    static func isTemplateFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }
}
