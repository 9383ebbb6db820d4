import CIGen
import Foundation
import PromoteModel
import TestSupport

/// The stage sets the golden files are made from, and the package paths the tests compare against.
enum CIFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path
    /// The version golden files are rendered with, so that they do not change with promote's version.
    static let version = "1.0.0"

    /// `default`: the package's own stages/ alone; `fanout`: dev → tst → prd-eu and prd-us with every setting;
    /// `release`: the package's stages with `install: release` for two architectures.
    static let stageSets = ["default", "fanout", "release"]

    /// A working tree holding the named set (a copy, so tests may change it); a set without its own stages/ gets
    /// the package's.
    static func workingTree(_ set: String) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory("promote-cigen")
        if set != "default" {
            let source = (testsDirectory as NSString).appendingPathComponent("StageSets/\(set)")
            for item in try FileManager.default.contentsOfDirectory(atPath: source) {
                try FileManager.default.copyItem(
                    atPath: (source as NSString).appendingPathComponent(item), toPath: directory.appending(item))
            }
        }
        if !FileManager.default.fileExists(atPath: directory.appending("stages")) {
            try FileManager.default.copyItem(
                atPath: (packageRoot as NSString).appendingPathComponent("stages"),
                toPath: directory.appending("stages"))
        }
        return directory
    }

    static func render(
        root: String, targets: [CISettings.Target]? = CISettings.Target.allCases, templates: String? = nil
    )
        throws -> CIProject
    {
        let stages = try StageLoader.load(directory: (root as NSString).appendingPathComponent("stages"))
        return try CIProject.render(
            root: root, stages: stages, targets: targets, templatesDirectory: templates, generatorVersion: version)
    }

    /// The set's `cicd/ci.json` as CIGen reads it (the defaults for `default`, which has none).
    static func settings(_ set: String) throws -> CISettings {
        guard set != "default" else { return .defaults }
        let tree = try workingTree(set)
        let stages = try StageLoader.load(directory: tree.appending("stages"))
        return try CISettingsLoader.load(
            FileManager.default.contents(atPath: tree.appending("cicd/ci.json")).map(Array.init), stages: stages)
    }

    /// The golden file for a generated path: Golden/<set>/<file name without a leading dot>.
    static func goldenPath(set: String, file: GeneratedFile) -> String {
        var name = (file.path as NSString).lastPathComponent
        if name.hasPrefix(".") { name.removeFirst() }
        return (testsDirectory as NSString).appendingPathComponent("Golden/\(set)/\(name)")
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }
}
