import CIGen
import Foundation
import TestSupport
import Testing

/// The writer touches only changed files; the diff it reports applies with git to give the generated file.
@Suite struct CIFileWriterTests {
    private func modificationDate(_ path: String) throws -> Date {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
    }

    @Test func writesOnlyFilesWhoseContentChanged() throws {
        let root = TemporaryDirectory("promote-writer")
        let files = [
            GeneratedFile(path: ".github/workflows/promote.yml", contents: "a\n"),
            GeneratedFile(path: "Jenkinsfile", contents: "b\n"),
        ]
        let first = try CIFileWriter.write(files, root: root.path)
        #expect(first.map(\.outcome) == [.written, .written])
        #expect(CIFixtures.read(root.appending(".github/workflows/promote.yml")) == "a\n")
        let before = try modificationDate(root.appending("Jenkinsfile"))
        Thread.sleep(forTimeInterval: 0.05)
        let second = try CIFileWriter.write(
            [files[0], GeneratedFile(path: "Jenkinsfile", contents: "b\n")], root: root.path)
        #expect(second.map(\.outcome) == [.unchanged, .unchanged])
        #expect(try modificationDate(root.appending("Jenkinsfile")) == before)
        let third = try CIFileWriter.write([GeneratedFile(path: "Jenkinsfile", contents: "c\n")], root: root.path)
        #expect(third.map(\.outcome) == [.written])
    }

    @Test func anUnwritablePathIsNamed() throws {
        let root = TemporaryDirectory("promote-writer")
        try "not a directory".write(toFile: root.appending(".github"), atomically: true, encoding: .utf8)
        #expect(throws: CIGenError.self) {
            try CIFileWriter.write(
                [GeneratedFile(path: ".github/workflows/promote.yml", contents: "x")], root: root.path)
        }
    }

    @Test func checkReportsMissingAndChangedFiles() throws {
        let root = TemporaryDirectory("promote-writer")
        try "one\ntwo\n".write(toFile: root.appending("Jenkinsfile"), atomically: true, encoding: .utf8)
        let drifts = CIFileWriter.check(
            [
                GeneratedFile(path: "Jenkinsfile", contents: "one\nthree\n"),
                GeneratedFile(path: ".gitlab-ci.yml", contents: "x\n"),
            ], root: root.path)
        #expect(drifts.map(\.path) == ["Jenkinsfile", ".gitlab-ci.yml"])
        #expect(drifts[0].diff == "--- a/Jenkinsfile\n+++ b/Jenkinsfile\n@@ -1,2 +1,2 @@\n one\n-two\n+three\n")
        #expect(drifts[1].diff == "--- /dev/null\n+++ b/.gitlab-ci.yml\n@@ -0,0 +1,1 @@\n+x\n")
        #expect(
            CIFileWriter.check([GeneratedFile(path: "Jenkinsfile", contents: "one\ntwo\n")], root: root.path).isEmpty)
    }

    /// Real golden files, changed in several places: `git apply` of the diff turns the old text into the new one.
    @Test(arguments: ["promote.yml", "gitlab-ci.yml", "Jenkinsfile"])
    func diffAppliesWithGit(name: String) throws {
        let golden = try #require(
            CIFixtures.read(
                (CIFixtures.testsDirectory as NSString).appendingPathComponent("Golden/fanout/\(name)")))
        var lines = golden.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.remove(at: 3)
        lines.insert("inserted near the top", at: 10)
        lines[lines.count / 2] = "changed in the middle"
        lines.removeSubrange((lines.count - 8)..<(lines.count - 5))
        lines.insert("added at the end", at: lines.count - 1)
        let changed = lines.joined(separator: "\n")
        let root = TemporaryDirectory("promote-diff")
        try golden.write(toFile: root.appending("file"), atomically: true, encoding: .utf8)
        let diff = UnifiedDiff.make(old: golden, new: changed, oldName: "a/file", newName: "b/file")
        try diff.write(toFile: root.appending("change.patch"), atomically: true, encoding: .utf8)
        let result = try Shell.run("git", ["apply", "--unidiff-zero", "change.patch"], in: root.path)
        #expect(result.status == 0, "\(result.stderr)\n\(diff)")
        #expect(CIFixtures.read(root.appending("file")) == changed)
    }
}
