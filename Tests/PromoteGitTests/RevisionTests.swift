import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct RevisionTests {
    @Test(arguments: [
        "main", "tst", "prd", "refs/heads/tst", "v1", "v2-annotated", "HEAD", "HEAD~2", "main~17", "main^2",
        "tst~1", "main~100^2~1",
    ])
    func resolvesRevisionsLikeGit(_ revision: String) throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        let expected = try fixture.git(["rev-parse", "--verify", "\(revision)^{commit}"])
        #expect(try repository.resolve(revision).hex == expected)
    }

    @Test func resolvesShortAndLongSHAsAndRemoteTrackingBranches() throws {
        let fixture = try GitFixture()
        let first = try fixture.commit("first", files: ["a.txt": "1"])
        try fixture.commit("second", files: ["a.txt": "2"])
        try fixture.git(["update-ref", "refs/remotes/origin/tst", first])
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(try repository.resolve(first).hex == first)
        #expect(try repository.resolve(String(first.prefix(8))).hex == first)
        #expect(try repository.resolve("origin/tst").hex == first)
        #expect(try repository.resolve("refs/remotes/origin/tst").hex == first)
    }

    @Test(arguments: ["nope", "main~99", "0123456789abcdef0123456789abcdef01234567", "main:a.txt", "..", ""])
    func unknownRevisionsAreNamedInTheError(_ revision: String) throws {
        let fixture = try GitFixture()
        try fixture.commit("first", files: ["a.txt": "1"])
        let repository = try Repository(discoveringFrom: fixture.path)
        #expect(throws: GitError.revisionNotFound(revision)) { try repository.resolve(revision) }
    }

    @Test func commitMetadataMatchesGitLog() throws {
        let fixture = try LargeHistory.fixture()
        let repository = try Repository(discoveringFrom: fixture.path)
        for revision in ["main", "main~1", "main~100", "tst", "side400", "v2-annotated"] {
            let format = "%H%x00%P%x00%an%x00%ae%x00%at%x00%cn%x00%ce%x00%ct%x00%B"
            let fields = try fixture.git(["log", "-1", "--format=\(format)", revision]).components(separatedBy: "\0")
            let commit = try repository.commit(revision)
            #expect(commit.oid.hex == fields[0])
            #expect(commit.parents.map(\.hex) == fields[1].split(separator: " ").map(String.init))
            #expect(commit.author.name == fields[2])
            #expect(commit.author.email == fields[3])
            #expect(Int(commit.author.time.timeIntervalSince1970) == Int(fields[4]))
            #expect(commit.committer.name == fields[5])
            #expect(commit.committer.email == fields[6])
            #expect(Int(commit.committer.time.timeIntervalSince1970) == Int(fields[7]))
            #expect(commit.message.trimmingCharacters(in: .newlines) == fields[8].trimmingCharacters(in: .newlines))
            #expect(commit.summary == fields[8].components(separatedBy: "\n")[0])
        }
        #expect(try repository.commit("main~100").isMerge)
    }
}
