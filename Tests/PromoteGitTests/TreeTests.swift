import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct TreeTests {
    @Test func fileBytesAtARevisionMatchGitShow() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        for revision in ["main", "main~500", "tst", "prd"] {
            let oid = try repository.resolve(revision)
            let listing = try fixture.git(["ls-tree", "-r", "--name-only", revision]).split(separator: "\n").map(
                String.init)
            for path in listing.enumerated().filter({ $0.offset % 7 == 0 }).map(\.element) {
                let expected = try Shell.run("git", ["cat-file", "blob", "\(revision):\(path)"], in: fixture.path)
                let bytes = try #require(try repository.file(at: oid, path: path))
                #expect(bytes == Data(expected.stdout.utf8) || path.hasSuffix(".bin"))
            }
            let blob = "assets/blob0.bin"
            if listing.contains(blob) {
                let expected = try Data(contentsOf: URL(fileURLWithPath: exportBlob(fixture, revision, blob)))
                #expect(try repository.file(at: oid, path: blob) == expected)
            }
        }
        #expect(try repository.file(at: repository.resolve("main"), path: "no/such/file") == nil)
        #expect(try repository.file(at: repository.resolve("main"), path: "src") == nil)
    }

    /// Writes a blob through git itself, so binary content is compared byte for byte.
    private func exportBlob(_ fixture: GitFixture, _ revision: String, _ path: String) throws -> String {
        let target = fixture.directory.appending("blob-\(UUID().uuidString)")
        let result = try Shell.run(
            "sh", ["-c", "git cat-file blob '\(revision):\(path)' > '\(target)'"], in: fixture.path)
        #expect(result.status == 0)
        return target
    }

    @Test func directoryListingMatchesLsTree() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        for (revision, path) in [("main", ""), ("main", "src"), ("main~600", "src/"), ("tst", "hotfix")] {
            let entries = try repository.directory(at: repository.resolve(revision), path: path)
            let treeish =
                path.isEmpty ? revision : "\(revision):\(path.trimmingCharacters(in: CharacterSet(charactersIn: "/")))"
            let expected = try fixture.git(["ls-tree", treeish]).split(separator: "\n").map { line -> String in
                let parts = line.split(separator: "\t")
                return "\(parts[0].split(separator: " ")[2]) \(parts[1])"
            }
            #expect(entries.map { "\($0.oid.hex) \($0.name)" }.sorted() == expected.sorted())
        }
    }

    /// A blob read by the ID its tree entry holds has the bytes git prints for it, binary files included.
    @Test func blobsByIDMatchGitCatFile() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let head = try repository.resolve("main")
        for directory in ["", "src", "assets"] {
            for entry in try repository.directory(at: head, path: directory) where entry.kind == .file {
                let expected = try Data(contentsOf: URL(fileURLWithPath: exportBlob(fixture, "main", entry.path)))
                #expect(try repository.blob(entry.oid) == expected, "\(entry.path)")
                #expect(try repository.file(at: head, path: entry.path) == expected)
            }
        }
        let missing = try #require(OID(hex: String(repeating: "ab", count: 20)))
        #expect(throws: GitError.revisionNotFound(missing.hex)) { try repository.blob(missing) }
    }

    @Test func missingDirectoriesAndFilesAreNamed() throws {
        let fixture = try GitFixture()
        let head = try #require(OID(hex: try fixture.commit("first", files: ["a.txt": "x"])))
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(throws: GitError.pathNotFound(path: "stages", commit: head)) {
            try repository.directory(at: head, path: "stages")
        }
        #expect(throws: GitError.notADirectory(path: "a.txt", commit: head)) {
            try repository.directory(at: head, path: "a.txt")
        }
    }

    @Test func exportWritesExactlyTheCommitsTreeAndTouchesNothingElse() throws {
        let fixture = try GitFixture()
        try fixture.commit(
            "first", files: ["run.sh": "#!/bin/sh\necho hi\n", "d/e/f.txt": "deep\n", "gone.txt": "old\n"])
        try Shell.run("chmod", ["+x", "run.sh"], in: fixture.path)
        try fixture.commit("exec bit")
        try Shell.run("ln", ["-s", "d/e/f.txt", "link"], in: fixture.path)
        let wanted = try fixture.commit("second", files: ["gone.txt": nil, "new.txt": "new\n"])
        // Uncommitted edits must not leak into the export, and the export must not disturb them.
        try "dirty\n".write(toFile: fixture.path + "/new.txt", atomically: true, encoding: .utf8)
        try fixture.git(["add", "new.txt"])
        let statusBefore = try fixture.git(["status", "--porcelain"])

        let target = TemporaryDirectory("export")
        let repository = try Repository(discoveringFrom: fixture.path)
        try repository.export(#require(OID(hex: wanted)), to: target.path)

        let files = try FileManager.default.subpathsOfDirectory(atPath: target.path).sorted()
        #expect(files == ["d", "d/e", "d/e/f.txt", "link", "new.txt", "run.sh"])
        #expect(try String(contentsOfFile: target.path + "/new.txt", encoding: .utf8) == "new\n")
        #expect(FileManager.default.isExecutableFile(atPath: target.path + "/run.sh"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target.path + "/link") == "d/e/f.txt")
        #expect(try fixture.git(["status", "--porcelain"]) == statusBefore)
    }

    @Test func exportWorksFromABareRepository() throws {
        let source = try GitFixture()
        let head = try source.commit("first", files: ["a.txt": "x", "b/c.txt": "y"])
        let bare = try GitFixture(bare: true)
        try source.git(["push", "-q", bare.path, "main"])
        let target = TemporaryDirectory("export")
        try Repository(discoveringFrom: bare.path).export(#require(OID(hex: head)), to: target.path + "/out")
        #expect(try String(contentsOfFile: target.path + "/out/b/c.txt", encoding: .utf8) == "y")
    }
}
