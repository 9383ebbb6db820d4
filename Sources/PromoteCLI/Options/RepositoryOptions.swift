import ArgumentParser
import PromoteCore

/// `--repo`, shared by every command that reads a repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository to work on (any directory inside it).", valueName: "path"))
    var repo: String = "."

    /// Opens the repository and its stages.
    func openWorkspace() throws -> Workspace {
        try Workspace(path: repo)
    }
}
