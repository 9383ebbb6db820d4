import Foundation
public import PromoteModel

/// What `promote ci generate` and `promote ci check` share: read the settings and facts of a working tree and
/// render its CI files.
public struct CIProject: Sendable {
    public let files: [GeneratedFile]
    public let settings: CISettings
    /// Things worth telling the user that did not stop generation.
    public let notes: [String]

    /// Renders the files for `targets` (nil: the settings' `targets`) from the working tree at `root`.
    public static func render(
        root: String, stages: StageSet, targets: [CISettings.Target]?, templatesDirectory: String?,
        generatorVersion: String
    ) throws -> CIProject {
        let settingsPath = (root as NSString).appendingPathComponent(CISettings.defaultPath)
        let settings = try CISettingsLoader.load(
            FileManager.default.contents(atPath: settingsPath).map(Array.init), stages: stages)
        let facts = RepositoryFacts.read(root: root, dockerfile: settings.image.dockerfile)
        let built = try CIContextBuilder.build(
            stages: stages, settings: settings, facts: facts, generatorVersion: generatorVersion)
        let templates =
            try templatesDirectory.map { path throws(CIGenError) in try TemplateSet.overridden(by: path) }
            ?? .builtIn
        let files = try CIGenerator.generate(targets ?? settings.targets, context: built.context, templates: templates)
        return CIProject(files: files, settings: settings, notes: built.notes)
    }
}
