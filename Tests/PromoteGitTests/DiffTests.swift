import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct DiffTests {
    static let ranges: [(String, String, [String])] = [
        ("main~40", "main", []), ("prd", "main", []), ("prd", "tst", []), ("main~40", "main", ["moved", "assets"]),
        ("main~300", "main", ["src/file1*.txt"]), ("main~1", "main", []), ("v1", "v2-annotated", ["side"]),
    ]

    @Test(arguments: 0..<ranges.count)
    func nameStatusWithRenamesMatchesGit(_ index: Int) throws {
        let (from, to, paths) = Self.ranges[index]
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let changes = try repository.changes(from: repository.resolve(from), to: repository.resolve(to), paths: paths)
        let git = try fixture.git(["diff", "--name-status", "-M", "--no-ext-diff", from, to, "--"] + paths)
        let expected = git.split(separator: "\n").map { line -> String in
            let fields = line.split(separator: "\t").map(String.init)
            return fields[0].hasPrefix("R") ? "R\t\(fields[1])\t\(fields[2])" : "\(fields[0])\t\(fields[1])"
        }
        let actual = changes.map { change in
            change.status == .renamed
                ? "R\t\(change.oldPath)\t\(change.newPath)" : "\(change.status.rawValue)\t\(change.path)"
        }
        #expect(actual.sorted() == expected.sorted())
    }

    @Test func renameSimilarityAndBinaryFlagsMatchGit() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let changes = try repository.changes(from: repository.resolve("main~120"), to: repository.resolve("main"))
        let git = try fixture.git(["diff", "--name-status", "-M", "main~120", "main"])
        for line in git.split(separator: "\n") where line.hasPrefix("R") {
            let fields = line.split(separator: "\t")
            let change = try #require(changes.first { $0.newPath == String(fields[2]) })
            #expect(change.status == .renamed)
            #expect(change.similarity == Int(fields[0].dropFirst()))
        }
        let numstat = try fixture.git(["diff", "--numstat", "-M", "main~120", "main"])
        let binaries = Set(
            numstat.split(separator: "\n").filter { $0.hasPrefix("-\t-\t") }.map {
                String($0.split(separator: "\t")[2])
            })
        #expect(!binaries.isEmpty)
        #expect(Set(changes.filter(\.isBinary).map(\.path)).isSuperset(of: binaries))
    }

    @Test func patchTextMatchesGitDiff() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit(
            "first",
            files: [
                "templates/a.yaml": "a: 1\nb: 2\n", "keep.txt": "k\n",
                "old.txt": String(repeating: "same line\n", count: 20),
            ])
        let second = try fixture.commit(
            "second",
            files: [
                "templates/a.yaml": "a: 1\nb: 3\n", "templates/new.yaml": "n: 1\n", "old.txt": nil,
                "renamed.txt": String(repeating: "same line\n", count: 20) + "one more\n",
            ])
        let repository = try Repository(discoveringFrom: fixture.path)
        let patches = try repository.patches(from: #require(OID(hex: first)), to: #require(OID(hex: second)))
        let gitPatch = try fixture.git(["diff", "-M", "--no-color", "--no-ext-diff", first, second])
        #expect(patches.map(\.text).joined().trimmingCharacters(in: .newlines) == gitPatch)
        let templatesOnly = try repository.patches(
            from: #require(OID(hex: first)), to: #require(OID(hex: second)), paths: ["templates"])
        #expect(templatesOnly.map(\.change.path) == ["templates/a.yaml", "templates/new.yaml"])
        #expect(templatesOnly[0].text.contains("-b: 2\n+b: 3\n"))
    }

    @Test func binaryPatchesSaySo() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("first", files: ["a.txt": "x"])
        try Data([0, 1, 2, 0, 255]).write(to: URL(fileURLWithPath: fixture.path + "/blob.bin"))
        let second = try fixture.commit("binary")
        let repository = try Repository(discoveringFrom: fixture.path)
        let patches = try repository.patches(from: #require(OID(hex: first)), to: #require(OID(hex: second)))
        #expect(patches.count == 1)
        #expect(patches[0].change.isBinary)
        #expect(patches[0].text.contains("Binary files /dev/null and b/blob.bin differ"))
    }

    @Test func diffFromTheEmptyTreeListsEveryFile() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("first", files: ["a.txt": "x", "d/b.txt": "y"])
        let repository = try Repository(discoveringFrom: fixture.path)
        let changes = try repository.changes(from: nil, to: #require(OID(hex: first)))
        #expect(changes.map(\.path) == ["a.txt", "d/b.txt"])
        #expect(changes.allSatisfy { $0.status == .added })
    }
}
