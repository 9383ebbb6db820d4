import Foundation
import PromoteGit
import TestSupport
import Testing

/// `pushReference`: the remote ref moves only from the value the caller saw, and only forward.
@Suite struct PublishTests {
    private func oid(_ hex: String) -> OID {
        guard let oid = OID(hex: hex) else { fatalError("not a commit SHA: \(hex)") }
        return oid
    }

    private func repositoryWithOrigin() throws -> (work: GitFixture, origin: GitFixture, first: String) {
        let origin = try GitFixture(bare: true)
        let work = try GitFixture()
        let first = try work.commit("first", files: ["a.txt": "1"])
        try work.git(["remote", "add", "origin", origin.path])
        try work.git(["push", "-q", "origin", "main"])
        return (work, origin, first)
    }

    @Test func movesTheRemoteRefFromTheExpectedValue() throws {
        let (work, origin, first) = try repositoryWithOrigin()
        let second = try work.commit("second", files: ["a.txt": "2"])
        let repository = try Repository(discoveringFrom: work.path)
        try repository.pushReference(
            "refs/heads/main", to: oid(second), expecting: OID(hex: first), remote: "origin")
        #expect(try origin.git(["rev-parse", "main"]) == second)
        #expect(try work.git(["rev-parse", "refs/remotes/origin/main"]) == second)
        // No temporary refs are left on either side.
        #expect(try origin.git(["for-each-ref", "refs/promote/"]).isEmpty)
        #expect(try work.git(["for-each-ref", "refs/promote/"]).isEmpty)
    }

    @Test func refusesWhenTheRemoteMovedMeanwhile() throws {
        let (work, origin, first) = try repositoryWithOrigin()
        let other = try GitFixture()
        try other.git(["fetch", "-q", origin.path, "main"])
        try other.git(["reset", "-q", "--hard", "FETCH_HEAD"])
        let theirs = try other.commit("someone else's", files: ["b.txt": "x"])
        try other.git(["push", "-q", origin.path, "main"])

        let mine = try work.commit("mine", files: ["a.txt": "2"])
        let repository = try Repository(discoveringFrom: work.path)
        let attempt = Result { () throws(GitError) in
            try repository.pushReference(
                "refs/heads/main", to: oid(mine), expecting: OID(hex: first), remote: "origin")
        }
        guard case .failure(.referenceMoved(let reference, _, let actual)) = attempt else {
            Issue.record("expected referenceMoved, got \(attempt)")
            return
        }
        #expect(reference == "refs/heads/main")
        #expect(actual?.hex == theirs)
        #expect(try origin.git(["rev-parse", "main"]) == theirs)
    }

    @Test func refusesANonFastForward() throws {
        let (work, origin, first) = try repositoryWithOrigin()
        let second = try work.commit("second", files: ["a.txt": "2"])
        try work.git(["push", "-q", "origin", "main"])
        try work.git(["reset", "-q", "--hard", first])
        let rewritten = try work.commit("rewritten", files: ["a.txt": "3"])
        let repository = try Repository(discoveringFrom: work.path)
        let attempt = Result { () throws(GitError) in
            try repository.pushReference(
                "refs/heads/main", to: oid(rewritten), expecting: OID(hex: second),
                remote: "origin")
        }
        guard case .failure(.nonFastForward) = attempt else {
            Issue.record("expected nonFastForward, got \(attempt)")
            return
        }
        #expect(try origin.git(["rev-parse", "main"]) == second)
    }

    @Test func createsABranchThatMustNotExistYet() throws {
        let (work, origin, first) = try repositoryWithOrigin()
        let repository = try Repository(discoveringFrom: work.path)
        try repository.pushReference("refs/heads/tst", to: oid(first), expecting: nil, remote: "origin")
        #expect(try origin.git(["rev-parse", "tst"]) == first)
        let again = Result { () throws(GitError) in
            try repository.pushReference("refs/heads/tst", to: oid(first), expecting: nil, remote: "origin")
        }
        guard case .failure(.referenceMoved) = again else {
            Issue.record("expected referenceMoved for an existing branch, got \(again)")
            return
        }
    }

    @Test func mergeCommitsHaveBothParentsAndConflictsWriteNothing() throws {
        let work = try GitFixture()
        let base = try work.commit("base", files: ["a.txt": "1\n", "b.txt": "1\n"])
        try work.git(["switch", "-q", "-c", "side"])
        let side = try work.commit("side", files: ["b.txt": "side\n"])
        try work.git(["switch", "-q", "main"])
        let main = try work.commit("main", files: ["a.txt": "main\n"])
        let repository = try Repository(discoveringFrom: work.path)
        let merge = try repository.createMergeCommit(
            ours: oid(main), theirs: oid(side), message: "merge side\n")
        #expect(try work.git(["rev-list", "--parents", "-n", "1", merge.hex]) == "\(merge.hex) \(main) \(side)")
        #expect(try work.git(["show", "\(merge.hex):a.txt"]) == "main")
        #expect(try work.git(["show", "\(merge.hex):b.txt"]) == "side")
        _ = base

        let conflicting = try work.commit("conflict", files: ["b.txt": "main\n"])
        let attempt = Result { () throws(GitError) in
            try repository.createMergeCommit(
                ours: oid(conflicting), theirs: oid(side), message: "x")
        }
        guard case .failure(.mergeConflict(let paths)) = attempt else {
            Issue.record("expected mergeConflict, got \(attempt)")
            return
        }
        #expect(paths == ["b.txt"])
    }
}
