import CIGen
import Foundation
import TestSupport
import Testing

/// The generated files for each stage set, compared byte for byte with the committed golden files, which
/// scripts/ci-lint runs the real linters on. Re-record with PROMOTE_RECORD_GOLDEN=1 swift test --filter GoldenFile.
@Suite struct GoldenFileTests {
    static let recording = ProcessInfo.processInfo.environment["PROMOTE_RECORD_GOLDEN"] == "1"

    @Test(arguments: CIFixtures.stageSets)
    func generatedFilesMatchTheGoldenFiles(set: String) throws {
        let tree = try CIFixtures.workingTree(set)
        let project = try CIFixtures.render(root: tree.path)
        #expect(project.files.map(\.path) == [".github/workflows/promote.yml", ".gitlab-ci.yml", "Jenkinsfile"])
        for file in project.files {
            let golden = CIFixtures.goldenPath(set: set, file: file)
            if Self.recording {
                try FileManager.default.createDirectory(
                    atPath: (golden as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try file.contents.write(toFile: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try #require(CIFixtures.read(golden), "missing \(golden); record it")
            #expect(
                file.contents == expected,
                "\(set)/\(file.path) differs from its golden file:\n\(UnifiedDiff.make(old: expected, new: file.contents, oldName: "golden", newName: "generated"))"
            )
        }
    }

    /// Rendering twice gives the same bytes: the files must not depend on dictionary order or time.
    @Test(arguments: CIFixtures.stageSets)
    func renderingIsDeterministic(set: String) throws {
        let tree = try CIFixtures.workingTree(set)
        let first = try CIFixtures.render(root: tree.path).files
        let second = try CIFixtures.render(root: tree.path).files
        #expect(first == second)
    }
}
