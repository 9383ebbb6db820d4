import CIGen
import Foundation
import PromoteModel
import TestSupport
import Testing

/// `promote ci generate` and `promote ci check`, run as the built binary in real git repositories.
@Suite struct CICommandTests {
    private let ciPaths = [".github/workflows/promote.yml", ".gitlab-ci.yml", "Jenkinsfile"]

    /// A repository with the package's default stages committed on main.
    private func repository() throws -> GitFixture {
        let fixture = try GitFixture()
        let stagesDirectory = (CIFixtures.packageRoot as NSString).appendingPathComponent("stages")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: stagesDirectory) where name.hasSuffix(".json") {
            files[name] = CIFixtures.read((stagesDirectory as NSString).appendingPathComponent(name))
        }
        try fixture.writeStageFiles(files)
        try fixture.commit("Add stage files")
        return fixture
    }

    private func modificationDate(_ path: String) throws -> Date {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test func generateWritesTheFilesThenOnlyWhatChanged() throws {
        let fixture = try repository()
        let first = try PromoteBinary.run(["ci", "generate"], in: fixture.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == ciPaths.map { "wrote \($0)\n" }.joined())
        // The binary renders exactly what the library renders for its own version.
        // `--version` prints `0.1.0 (libgit2 1.5.1)`; the files name the first word.
        let version = String(try PromoteBinary.run(["--version"], in: fixture.path).output.split(separator: " ")[0])
        let expected = try CIProject.render(
            root: fixture.path, stages: try StageLoaderShim.load(fixture.path), targets: nil, templatesDirectory: nil,
            generatorVersion: version)
        for file in expected.files {
            #expect(CIFixtures.read((fixture.path as NSString).appendingPathComponent(file.path)) == file.contents)
        }
        let before = try modificationDate((fixture.path as NSString).appendingPathComponent("Jenkinsfile"))
        Thread.sleep(forTimeInterval: 0.05)
        let second = try PromoteBinary.run(["ci", "generate"], in: fixture.path)
        #expect(second.status == 0)
        #expect(second.stdout == ciPaths.map { "unchanged \($0)\n" }.joined())
        #expect(try modificationDate((fixture.path as NSString).appendingPathComponent("Jenkinsfile")) == before)

        let only = try PromoteBinary.run(["ci", "generate", "--target", "gitlab"], in: fixture.path)
        #expect(only.stdout == "unchanged .gitlab-ci.yml\n")
    }

    @Test func checkCatchesAStageChangeThatWasNotRegenerated() throws {
        let fixture = try repository()
        #expect(try PromoteBinary.run(["ci", "generate"], in: fixture.path).status == 0)
        try fixture.commit("Add CI files")
        let clean = try PromoteBinary.run(["ci", "check"], in: fixture.path)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout == "up to date: \(ciPaths.joined(separator: ", "))\n")

        let prd = (fixture.path as NSString).appendingPathComponent("stages/prd.json")
        let changed = try #require(CIFixtures.read(prd)).replacingOccurrences(
            of: "\"branch\": \"prd\"", with: "\"branch\": \"production\"")
        try fixture.commit("Rename the prd branch", files: ["stages/prd.json": changed])
        let drift = try PromoteBinary.run(["ci", "check"], in: fixture.path)
        #expect(drift.status == 1)
        #expect(drift.stdout.contains("--- a/.github/workflows/promote.yml\n+++ b/.github/workflows/promote.yml\n"))
        #expect(drift.stdout.contains("\n-      - \"prd\"\n"))
        #expect(drift.stdout.contains("\n+      - \"production\"\n"))
        #expect(drift.stdout.contains("--- a/Jenkinsfile"))
        #expect(drift.stdout.contains("+          branch 'production'"))
        // Before the error: what ci check finds missing of the protections promote relies on (warnings only).
        let errorLines = drift.stderr.split(separator: "\n").filter { !$0.hasPrefix("warning: ") }
        #expect(
            errorLines == [
                "error: out of date with the stage files: \(ciPaths.joined(separator: ", ")); run 'promote ci generate' and commit the result"
            ], "\(drift.stderr)")
        // check writes nothing.
        #expect(try fixture.git(["status", "--porcelain"]).isEmpty)

        #expect(try PromoteBinary.run(["ci", "generate"], in: fixture.path).status == 0)
        #expect(try PromoteBinary.run(["ci", "check"], in: fixture.path).status == 0)
    }

    @Test func aMissingFileCountsAsOutOfDate() throws {
        let fixture = try repository()
        #expect(try PromoteBinary.run(["ci", "generate", "--target", "github"], in: fixture.path).status == 0)
        let result = try PromoteBinary.run(["ci", "check", "--target", "all"], in: fixture.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("--- /dev/null\n+++ b/Jenkinsfile\n"))
        #expect(!result.stdout.contains("promote.yml"))
        #expect(try PromoteBinary.run(["ci", "check", "--target", "github"], in: fixture.path).status == 0)
    }

    @Test func worksFromAnyDirectoryWithTheBuiltInTemplates() throws {
        let fixture = try repository()
        let elsewhere = TemporaryDirectory("promote-elsewhere")
        let result = try PromoteBinary.run(["ci", "generate", "--repo", fixture.path], in: elsewhere.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: (fixture.path as NSString).appendingPathComponent("Jenkinsfile")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty)
    }

    @Test func badInputGetsAOneLineErrorAndWritesNothing() throws {
        let fixture = try repository()
        let target = try PromoteBinary.run(["ci", "generate", "--target", "bamboo"], in: fixture.path)
        #expect(target.status == 64)
        #expect(target.stderr.contains("--target must be github, gitlab, jenkins or all, got 'bamboo'"))

        try fixture.commit(
            "Add CI settings", files: ["cicd/ci.json": #"{ "version": 1, "githb": { "runs_on": "x" } }"#])
        let settings = try PromoteBinary.run(["ci", "generate"], in: fixture.path)
        #expect(settings.status == 1)
        #expect(settings.stderr.contains("cicd/ci.json: $.githb: unknown key (did you mean \"github\"?)"))
        #expect(
            !FileManager.default.fileExists(atPath: (fixture.path as NSString).appendingPathComponent("Jenkinsfile")))

        let templates = try PromoteBinary.run(
            ["ci", "check", "--templates", "no-such-dir"], in: fixture.path)
        #expect(templates.status == 1)

        let bare = try GitFixture(bare: true)
        let noTree = try PromoteBinary.run(["ci", "generate"], in: bare.path)
        #expect(noTree.status == 1)
    }

    @Test func helpDescribesTheSettingsFile() throws {
        let fixture = try repository()
        let help = try PromoteBinary.run(["ci", "--help"], in: fixture.path)
        #expect(help.stdout.contains("cicd/ci.json"))
        #expect(help.stdout.contains("generate"))
        #expect(help.stdout.contains("check"))
        let generate = try PromoteBinary.run(["ci", "generate", "--help"], in: fixture.path)
        #expect(generate.stdout.contains("Examples:"))
    }
}

/// Loads a working tree's stages the way the CLI does.
enum StageLoaderShim {
    static func load(_ root: String) throws -> PromoteModel.StageSet {
        try PromoteModel.StageLoader.load(directory: (root as NSString).appendingPathComponent("stages"))
    }
}
