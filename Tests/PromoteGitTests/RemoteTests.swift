import Foundation
import PromoteGit
import TestSupport
import Testing

@Suite struct RemoteTests {
    /// A working repository with a bare "origin" that has its main branch.
    private func repositoryWithOrigin() throws -> (work: GitFixture, origin: GitFixture) {
        let origin = try GitFixture(bare: true)
        let work = try GitFixture()
        try work.commit("first", files: ["a.txt": "1"])
        try work.git(["remote", "add", "origin", origin.path])
        try work.git(["push", "-q", "origin", "main"])
        return (work, origin)
    }

    @Test(arguments: [false, true])
    func pushesAndFetchesThroughAPathOrAFileURL(_ useFileURL: Bool) throws {
        let (work, origin) = try repositoryWithOrigin()
        let remote = useFileURL ? "file://" + origin.path : "origin"
        let head = try work.commit("second", files: ["a.txt": "2"])
        let repository = try Repository(discoveringFrom: work.path)
        try repository.push(remote, updates: [PushUpdate(source: "refs/heads/main")])
        #expect(try origin.git(["rev-parse", "main"]) == head)

        try repository.push(remote, updates: [PushUpdate(source: "refs/heads/main", destination: "refs/heads/tst")])
        #expect(try origin.git(["rev-parse", "tst"]) == head)

        let clone = try GitFixture()
        let cloneRepository = try Repository(discoveringFrom: clone.path)
        try cloneRepository.fetch(origin.path, refspecs: ["+refs/heads/*:refs/remotes/origin/*"])
        #expect(try clone.git(["rev-parse", "refs/remotes/origin/tst"]) == head)
    }

    /// libgit2's local transport lists a path remote's refs, then reads each: a temporary `refs/promote/*` ref that
    /// another promote deletes in between (its push into a path remote) must not fail this fetch or push.
    @Test func temporaryRefsVanishingOnAPathRemoteDoNotFailFetchOrPush() throws {
        let (work, origin) = try repositoryWithOrigin()
        let originPath = origin.path
        let stop = LockedBox(false)
        let churned = LockedBox(0)
        let churn = Thread {
            guard let remote = try? Repository(discoveringFrom: originPath),
                let target = try? remote.resolve("refs/heads/main")
            else { return }
            var index = 0
            while !stop.get() {
                let name = "refs/promote/incoming/churn-\(index % 8)"
                try? remote.updateReference(name, to: target, expecting: nil, message: "churn")
                try? remote.deleteReference(name, expecting: target)
                index += 1
            }
            churned.set(index)
        }
        churn.start()
        defer { stop.set(true) }
        let repository = try Repository(discoveringFrom: work.path)
        for round in 0..<150 {
            try repository.fetch(originPath, refspecs: ["+refs/heads/*:refs/remotes/origin/*"])
            try repository.push(
                originPath,
                updates: [PushUpdate(source: "refs/heads/main", destination: "refs/heads/copy-\(round % 4)")])
        }
        stop.set(true)
        while churned.get() == 0 { usleep(1_000) }
        #expect(churned.get() > 150, "the refs hardly churned; the test proved nothing")
    }

    @Test func aNonFastForwardPushIsRefusedUnlessForced() throws {
        let (work, origin) = try repositoryWithOrigin()
        let pushed = try work.commit("on origin", files: ["a.txt": "2"])
        try work.git(["push", "-q", "origin", "main"])
        try work.git(["reset", "-q", "--hard", "HEAD~1"])
        let rewritten = try work.commit("rewritten", files: ["a.txt": "3"])
        let repository = try Repository(discoveringFrom: work.path)

        #expect(throws: GitError.nonFastForward(reference: "refs/heads/main")) {
            try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main")])
        }
        #expect(try origin.git(["rev-parse", "main"]) == pushed)

        try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main", force: true)])
        #expect(try origin.git(["rev-parse", "main"]) == rewritten)
    }

    @Test func aPushTheRemoteDoesNotHaveTheBaseOfIsRefused() throws {
        let (work, origin) = try repositoryWithOrigin()
        // Someone else pushes a commit this repository has never seen.
        let other = try GitFixture()
        try other.git(["fetch", "-q", origin.path, "main"])
        try other.git(["reset", "-q", "--hard", "FETCH_HEAD"])
        let theirs = try other.commit("theirs", files: ["b.txt": "b"])
        try other.git(["push", "-q", origin.path, "main"])
        try work.commit("mine", files: ["c.txt": "c"])
        let repository = try Repository(discoveringFrom: work.path)
        #expect(throws: GitError.nonFastForward(reference: "refs/heads/main")) {
            try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main")])
        }
        #expect(try origin.git(["rev-parse", "main"]) == theirs)
    }

    @Test func pushesNotesRefs() throws {
        let (work, origin) = try repositoryWithOrigin()
        let repository = try Repository(discoveringFrom: work.path)
        let head = try repository.resolve("main")
        try repository.writeNote(on: head, notesRef: "refs/notes/promote/approvals", text: "ok\n", expectedTip: nil)
        try repository.push("origin", updates: [PushUpdate(source: "refs/notes/promote/approvals")])
        #expect(try origin.git(["notes", "--ref", "refs/notes/promote/approvals", "show", head.hex]) == "ok")
    }

    @Test func unknownRemotesAreNamed() throws {
        let (work, _) = try repositoryWithOrigin()
        let repository = try Repository(discoveringFrom: work.path)
        #expect(throws: GitError.remoteNotFound("upstream")) {
            try repository.fetch("upstream", refspecs: ["refs/heads/*:refs/remotes/upstream/*"])
        }
        #expect(repository.hasRemote(named: "origin"))
        #expect(!repository.hasRemote(named: "upstream"))
    }

    @Test func credentialsComeFromTheEnvironmentAndTheCheckoutsExtraHeader() throws {
        let (work, _) = try repositoryWithOrigin()
        try work.git(["remote", "add", "github", "https://git.example.com/acme/ml-content.git"])
        try work.git([
            "config", "http.https://git.example.com/.extraheader", "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0",
        ])
        try work.git(["config", "http.https://gitlab.example.com/.extraheader", "X-Other: no"])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = try repository.credentials(
            forRemote: "github", environment: ["PROMOTE_GIT_TOKEN": "tok", "PROMOTE_GIT_USERNAME": "oauth2"])
        #expect(credentials.extraHeaders == ["AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0"])
        #expect(credentials.token == "tok")
        #expect(credentials.username == "oauth2")
        let local = try repository.credentials(forRemote: "origin", environment: [:])
        #expect(local.extraHeaders.isEmpty)
        #expect(local.token == nil)
        #expect(local.username == "x-access-token")
    }
}
