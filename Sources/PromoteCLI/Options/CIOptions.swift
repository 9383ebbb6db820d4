import ArgumentParser
import CIGen
import PromoteCore
import PromoteGit
import PromoteModel

/// What `promote ci generate` and `promote ci check` share: the repository, the targets and the templates.
struct CIOptions: ParsableArguments {
    @OptionGroup var repository: RepositoryOptions

    @Option(
        help: ArgumentHelp(
            "github, gitlab, jenkins or all; default: cicd/ci.json's targets, else all.", valueName: "target"))
    var target: String?

    @Option(
        help: ArgumentHelp(
            "A folder of templates (github/promote.yml.mustache, ...) replacing the built-in ones of the same name.",
            valueName: "dir"))
    var templates: String?

    func validate() throws {
        if let target, target != "all", CISettings.Target(rawValue: target) == nil {
            throw ValidationError("--target must be github, gitlab, jenkins or all, got '\(target)'")
        }
    }

    var targets: [CISettings.Target]? {
        guard let target else { return nil }
        return target == "all" ? CISettings.Target.allCases : CISettings.Target(rawValue: target).map { [$0] }
    }

    /// Renders the files for the working tree; returns them with the working tree's root.
    func render() throws -> (CIProject, String) {
        let workspace = try repository.openWorkspace()
        guard let root = workspace.repository.workingDirectory else { throw CIGenError.noWorkingTree }
        let project = try CIProject.render(
            root: root, stages: workspace.stages, targets: targets, templatesDirectory: templates,
            generatorVersion: PromoteVersion.current)
        return (project, root)
    }
}
