public import PromoteGit
public import PromoteModel

/// A repository together with its stage definitions: what every command starts from.
public final class Workspace {
    public let repository: Repository
    public let stages: StageSet
    /// Where the stages were read from, for messages: the working tree, or a commit of a bare repository.
    public let stagesOrigin: String

    public static let stagesDirectory = "stages"

    /// Opens the repository containing `path` and loads its stages: from the working tree when there is one
    /// (what the user is editing), otherwise from `HEAD`.
    public init(path: String) throws {
        repository = try Repository(discoveringFrom: path)
        if let workingDirectory = repository.workingDirectory {
            stages = try StageLoader.load(directory: workingDirectory + Self.stagesDirectory)
            stagesOrigin = "the working tree"
        } else {
            let head = try repository.resolve("HEAD")
            stages = try Self.loadStages(from: repository, at: head)
            stagesOrigin = "commit \(head.short)"
        }
    }

    /// Loads the stage files as they are in `commit`: how gates are read from a target branch (DESIGN.md §6).
    public static func loadStages(from repository: Repository, at commit: OID) throws -> StageSet {
        let entries: [TreeEntry]
        switch Result(catching: { () throws(GitError) in try repository.directory(at: commit, path: stagesDirectory) })
        {
        case .success(let found): entries = found
        case .failure(.pathNotFound):
            throw StageError.noStageFiles(directory: "\(stagesDirectory)/ at commit \(commit.short)")
        case .failure(let error): throw error
        }
        var sources: [StageFileSource] = []
        for entry in entries where entry.name.hasSuffix(".json") && entry.kind == .file {
            let bytes = try repository.file(at: commit, path: entry.path).map(Array.init) ?? []
            sources.append(StageFileSource(path: entry.path, contents: bytes))
        }
        return try StageLoader.load(sources, directory: "\(stagesDirectory)/ at commit \(commit.short)")
    }
}
