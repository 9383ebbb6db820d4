import PromoteGit
import PromoteModel

/// The AI Core templates of one commit, read the way the git-sync application reads them: the `*.yaml`, `*.yml`
/// and `*.json` files at the top level of the stage's templates folder.
struct TemplateSnapshot {
    let commit: OID
    let path: String
    /// Parsed files, sorted by path.
    let files: [TemplateFile]
    /// Blob ID per file path, so another commit can reuse files whose content did not change.
    let blobs: [String: OID]
    /// Whether the folder exists at the commit.
    let folderExists: Bool

    var templates: [ExecutableTemplate] { files.flatMap(\.templates) }

    /// Reads the templates at `commit`, reusing the parse of any file whose blob is in `reuse` (same content).
    init(_ repository: Repository, commit: OID, path: String, reuse: TemplateSnapshot? = nil) throws {
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
        let blobs = Dictionary(templateEntries.map { ($0.path, $0.oid) }, uniquingKeysWith: { first, _ in first })
        self.blobs = blobs
        let cache = TemplateCache(repository: repository)
        let key = TemplateCache.key(path: path, blobs: blobs)
        if let cached = cache.load(key: key) {
            self.files = cached
            return
        }
        let reusable = Dictionary(
            (reuse?.files ?? []).compactMap { file in reuse?.blobs[file.path].map { ($0, file) } },
            uniquingKeysWith: { first, _ in first })
        var files: [TemplateFile] = []
        for entry in templateEntries {
            if let known = reusable[entry.oid], known.path == entry.path {
                files.append(known)
                continue
            }
            let bytes = try repository.file(at: commit, path: entry.path).map(Array.init) ?? []
            files.append(TemplateParser.parse(path: entry.path, contents: bytes))
        }
        self.files = files.sorted { $0.path < $1.path }
        if !files.isEmpty { cache.store(self.files, key: key) }
    }

    static func isTemplateFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }
}
