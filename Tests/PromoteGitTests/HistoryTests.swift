import Foundation
import PromoteGit
import TestSupport
import Testing

/// Merge-base, ancestry, ahead/behind and ranges on the 1,000+ commit history, each checked against the git CLI.
@Suite struct HistoryTests {
    static let pairs: [(String, String)] = [
        ("main", "tst"), ("tst", "main"), ("main", "prd"), ("prd", "tst"), ("main~3", "side600"),
        ("side300", "side800"), ("v1", "v2-annotated"), ("main", "main"), ("main~250", "main~1"),
    ]

    @Test func theFixtureHasMoreThanAThousandCommitsWithMergesRenamesAndBinaries() throws {
        let fixture = try LargeHistory.fixture()
        #expect(Int(try fixture.git(["rev-list", "--count", "--all"])) ?? 0 > 1_000)
        #expect(Int(try fixture.git(["rev-list", "--count", "--merges", "main"])) ?? 0 >= 10)
        let status = try fixture.git(["log", "-M", "--name-status", "--format=", "main"])
        #expect(status.contains("\nR"))
        #expect(try fixture.git(["log", "--numstat", "--format=", "main"]).contains("-\t-\tassets/"))
    }

    @Test(arguments: 0..<pairs.count)
    func aheadBehindEqualsRevListCount(_ index: Int) throws {
        let (one, two) = Self.pairs[index]
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let counts = try repository.aheadBehind(repository.resolve(one), repository.resolve(two))
        #expect(counts.ahead == Int(try fixture.git(["rev-list", "--count", "\(two)..\(one)"])))
        #expect(counts.behind == Int(try fixture.git(["rev-list", "--count", "\(one)..\(two)"])))
    }

    @Test(arguments: 0..<pairs.count)
    func mergeBaseAndAncestryMatchGit(_ index: Int) throws {
        let (one, two) = Self.pairs[index]
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let oidOne = try repository.resolve(one)
        let oidTwo = try repository.resolve(two)
        #expect(try repository.mergeBase(oidOne, oidTwo)?.hex == fixture.git(["merge-base", one, two]))
        let gitSaysAncestor =
            try Shell.run(
                "git", ["merge-base", "--is-ancestor", one, two], in: fixture.path
            ).status == 0
        #expect(try repository.isAncestor(oidOne, of: oidTwo) == gitSaysAncestor)
    }

    @Test(arguments: 0..<pairs.count)
    func rangeCommitsMatchRevList(_ index: Int) throws {
        let (one, two) = Self.pairs[index]
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let commits = try repository.commits(from: repository.resolve(one), to: repository.resolve(two))
        let expected = try fixture.git(["rev-list", "--topo-order", "\(one)..\(two)"]).split(separator: "\n").map(
            String.init)
        #expect(commits.map(\.oid.hex).sorted() == expected.sorted())
        #expect(commits.count == expected.count)
        // Topological: every commit comes before its parents within the range.
        let position = Dictionary(uniqueKeysWithValues: commits.enumerated().map { ($1.oid, $0) })
        for commit in commits {
            for parent in commit.parents { if let later = position[parent] { #expect(later > position[commit.oid]!) } }
        }
        let authors = try fixture.git(["log", "--format=%an|%cn", "\(one)..\(two)"]).split(separator: "\n").map(
            String.init)
        #expect(commits.map { "\($0.author.name)|\($0.committer.name)" }.sorted() == authors.sorted())
    }

    @Test func theWholeHistoryFromTheRoot() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let all = try repository.commits(from: nil, to: repository.resolve("main"))
        #expect(all.count == Int(try fixture.git(["rev-list", "--count", "main"])))
        #expect(all.last?.parents.isEmpty == true)
    }

    @Test func unrelatedHistoriesHaveNoMergeBase() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("first", files: ["a.txt": "1"])
        try fixture.git(["checkout", "-q", "--orphan", "other"])
        let orphan = try fixture.commit("orphan", files: ["b.txt": "2"])
        let repository = try Repository(discoveringFrom: fixture.path)
        let one = try #require(OID(hex: first))
        let two = try #require(OID(hex: orphan))
        #expect(try repository.mergeBase(one, two) == nil)
        #expect(try repository.isAncestor(one, of: two) == false)
        #expect(try repository.aheadBehind(one, two) == AheadBehind(ahead: 1, behind: 1))
    }
}
