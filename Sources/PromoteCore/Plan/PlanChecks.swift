import Foundation
import PromoteGit
import PromoteModel

/// The static checks of a plan: the source commit's templates (each file's problems and the rules across files)
/// and its deploy config as the target stage will load it, checked against those templates.
enum PlanChecks {
    /// The cache key of the checks: everything they read. That is the templates' content, the config files'
    /// content, the target stage's settings and the commit (filled into the config's `${PROMOTE_COMMIT}`).
    static func key(_ repository: Repository, templates: TemplateSnapshot, target: Stage, commit: OID) throws
        -> String
    {
        let configFiles = try [target.deploy.config, target.deploy.overlay].compactMap { $0 }.map { path in
            "\(path)=\((try repository.file(at: commit, path: path)).map { SHA256.hex(Array($0)) } ?? "absent")"
        }
        let settings = "\(target)"
        return TemplateCache.key([
            "checks", templates.path, "\(templates.folderExists)", templates.contentKey,
            configFiles.joined(separator: ";"), settings, commit.hex,
        ])
    }

    /// The checks of `files`, every template file of `templates` parsed and sorted by path.
    static func compute(
        _ repository: Repository, templates: TemplateSnapshot, files: [TemplateFile], config: ConfigComparison,
        target: Stage, commit: OID
    ) throws -> CheckSection {
        var problems: [TemplateProblem] = []
        if !templates.folderExists {
            problems.append(
                TemplateProblem(
                    file: templates.path, path: "",
                    message: "the templates folder does not exist at \(commit.short); AI Core's sync of stage "
                        + "\(target.name) would fail (set aicore.templates_path in stages/\(target.name).json)"))
        }
        if let overlay = target.deploy.overlay, try repository.file(at: commit, path: overlay) == nil {
            // The deploy goes on with the base config, so this is said here too, before anyone promotes.
            problems.append(
                TemplateProblem(
                    file: overlay, path: "",
                    message: "the overlay stages/\(target.name).json names does not exist at \(commit.short): "
                        + "\(target.name) would deploy \(target.deploy.config) as it is (add the file, or remove deploy.overlay)",
                    severity: .warning))
        }
        problems += files.flatMap(\.problems)
        problems += TemplateRules.check(files)
        switch config.loaded {
        case .success(let deployConfig):
            problems += ConfigTemplateCheck.check(
                deployConfig, templates: files.flatMap(\.templates), configFile: target.deploy.config)
        case .failure(let error):
            problems += Self.problems(from: error, configFile: target.deploy.config)
        }
        // The stage being entered decides whether an unpinned image only warns or blocks.
        if target.aicore.requirePinnedImages {
            problems = problems.map { $0.rule == .unpinnedImage ? $0.with(severity: .error) : $0 }
        }
        let sorted = problems.sorted { ($0.severity, $0) < ($1.severity, $1) }
        return CheckSection(
            errors: sorted.filter { $0.severity == .error }.count,
            warnings: sorted.filter { $0.severity == .warning }.count,
            problems: sorted.map {
                CheckProblem(
                    severity: $0.severity, file: $0.file, line: $0.line, path: $0.path, message: $0.message,
                    executableID: $0.executableID)
            })
    }

    private static func problems(from error: any Error, configFile: String) -> [TemplateProblem] {
        if let configError = error as? DeployConfigError {
            switch configError {
            case .invalid(let list):
                return list.map { TemplateProblem(file: $0.file, path: $0.path, message: $0.message) }
            case .missingFile, .unknownNames:
                return [TemplateProblem(file: configFile, path: "", message: configError.description)]
            }
        }
        return [TemplateProblem(file: configFile, path: "", message: error.localizedDescription)]
    }
}
