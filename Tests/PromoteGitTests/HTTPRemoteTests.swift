import Foundation
import PromoteGit
import TestSupport
import Testing

/// Fetch and push over real smart HTTP (git http-backend behind a small server on 127.0.0.1) that demands
/// credentials, the way GitHub and GitLab do: the checkout's extraheader and a token must both get through, and a
/// missing or wrong credential must fail cleanly.
@Suite struct HTTPRemoteTests {
    static let basicToken = "Basic " + Data("x-access-token:s3cr3t".utf8).base64EncodedString()

    @Test func theCheckoutsExtraHeaderAuthenticatesFetchAndPush() throws {
        let server = try GitHTTPServer(token: Self.basicToken)
        #expect(server.port > 0)
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", server.url])
        try work.git([
            "config", "http.http://127.0.0.1:\(server.port)/.extraheader", "AUTHORIZATION: \(Self.basicToken)",
        ])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = try repository.credentials(forRemote: "origin", environment: [:])
        #expect(credentials.extraHeaders == ["AUTHORIZATION: \(Self.basicToken)"])

        try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        try work.git(["reset", "-q", "--hard", "origin/main"])
        let pushed = try work.commit("second", files: ["a.txt": "2"])
        try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main")], credentials: credentials)
        #expect(
            try Shell.run("git", ["--git-dir", server.root.appending("origin.git"), "rev-parse", "main"]).output
                == pushed)
        // The header went with every request, so the server never had to challenge.
        #expect(!server.authorizationHeaders.isEmpty)
        #expect(server.authorizationHeaders.allSatisfy { $0 == Self.basicToken })
    }

    /// Over smart HTTP the compare-and-swap is the advertised value checked before sending (push negotiation)
    /// plus receive-pack's own check: a push expecting a value the remote no longer has changes nothing.
    @Test func pushReferenceComparesAndSwapsOverHTTP() throws {
        let server = try GitHTTPServer(token: Self.basicToken)
        let origin = server.root.appending("origin.git")
        let first = try Shell.run("git", ["--git-dir", origin, "rev-parse", "main"]).output
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", server.url])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = GitCredentials(username: "x-access-token", token: "s3cr3t")
        try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        try work.git(["reset", "-q", "--hard", "origin/main"])
        let second = try work.commit("second", files: ["a.txt": "2"])
        guard let firstOID = OID(hex: first), let secondOID = OID(hex: second) else {
            Issue.record("not commit SHAs: \(first) \(second)")
            return
        }
        try repository.pushReference(
            "refs/heads/main", to: secondOID, expecting: firstOID, remote: "origin", credentials: credentials)
        #expect(try Shell.run("git", ["--git-dir", origin, "rev-parse", "main"]).output == second)

        // Someone else moves main; a push that still expects `second` must be refused and change nothing.
        let other = try GitFixture()
        try other.git(["fetch", "-q", origin, "main"])
        try other.git(["reset", "-q", "--hard", "FETCH_HEAD"])
        let theirs = try other.commit("theirs", files: ["b.txt": "x"])
        try other.git(["push", "-q", origin, "HEAD:main"])
        let mine = try work.commit("mine", files: ["a.txt": "3"])
        guard let mineOID = OID(hex: mine) else { return }
        let attempt = Result { () throws(GitError) in
            try repository.pushReference(
                "refs/heads/main", to: mineOID, expecting: secondOID, remote: "origin", credentials: credentials)
        }
        switch attempt {
        case .failure(.referenceMoved), .failure(.nonFastForward), .failure(.pushRejected):
            break
        default:
            Issue.record("expected the push to be refused, got \(attempt)")
        }
        #expect(try Shell.run("git", ["--git-dir", origin, "rev-parse", "main"]).output == theirs)

        // The remote moved forward to a commit this push would also fast-forward: libgit2 alone would send it, so
        // only the expectation (checked against the advertised value) stops it.
        try work.git(["fetch", "-q", origin, "main"])
        try work.git(["reset", "-q", "--hard", "FETCH_HEAD"])
        let onTop = try work.commit("on top of theirs", files: ["c.txt": "y"])
        guard let onTopOID = OID(hex: onTop) else { return }
        let stale = Result { () throws(GitError) in
            try repository.pushReference(
                "refs/heads/main", to: onTopOID, expecting: secondOID, remote: "origin", credentials: credentials)
        }
        guard case .failure(.referenceMoved(_, _, let actual)) = stale else {
            Issue.record("expected referenceMoved from the push negotiation, got \(stale)")
            return
        }
        #expect(actual?.hex == theirs)
        #expect(try Shell.run("git", ["--git-dir", origin, "rev-parse", "main"]).output == theirs)
    }

    @Test func aTokenIsOfferedWhenTheServerAsks() throws {
        let server = try GitHTTPServer(token: Self.basicToken)
        let work = try GitFixture()
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = GitCredentials(username: "x-access-token", token: "s3cr3t")
        try repository.fetch(
            server.url, refspecs: ["+refs/heads/main:refs/remotes/origin/main"], credentials: credentials)
        #expect(try repository.referenceTarget("refs/remotes/origin/main") != nil)
        #expect(server.authorizationHeaders.first == "-")
        #expect(server.authorizationHeaders.contains(Self.basicToken))
    }

    @Test(arguments: [nil, "wrong"] as [String?])
    func missingOrWrongCredentialsFailCleanly(_ token: String?) throws {
        let server = try GitHTTPServer(token: Self.basicToken)
        let work = try GitFixture()
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = GitCredentials(token: token, useSSHAgent: false)
        #expect(throws: GitError.authenticationFailed(url: server.url)) {
            try repository.fetch(
                server.url, refspecs: ["+refs/heads/main:refs/remotes/origin/main"], credentials: credentials)
        }
        #expect(try repository.referenceTarget("refs/remotes/origin/main") == nil)
        let message = GitError.authenticationFailed(url: server.url).localizedDescription
        #expect(!message.contains("s3cr3t") && !message.contains("wrong"))
    }
}

/// GitLab answers a request without credentials with a 401 that has a body, on a connection it keeps open, and its
/// CI clones put the job token in the remote's URL. libgit2 then read the next answer on that connection from the
/// middle of the unread body ("http parser error"); promote sends the URL's credentials up front instead.
@Suite struct ChallengeWithBodyTests {
    static let body = "HTTP Basic: Access denied. If a password was provided for Git authentication, ...\n"

    @Test func fetchAndPushWithTheTokenInTheURL() throws {
        let server = try GitHTTPServer(token: GitHTTPServer.basic("job-token"), challengeBody: Self.body)
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", "http://x-access-token:job-token@127.0.0.1:\(server.port)/origin.git"])
        // git itself gets through (challenge, then credentials), so the server behaves as the real one.
        try work.git(["fetch", "-q", "origin"])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = try repository.credentials(forRemote: "origin", environment: [:])
        try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        try work.git(["reset", "-q", "--hard", "origin/main"])
        let pushed = try work.commit("second", files: ["a.txt": "2"])
        try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main")], credentials: credentials)
        #expect(try Shell.run("git", ["--git-dir", server.origin, "rev-parse", "main"]).output == pushed)
    }

    @Test func fetchAndPushWithAToken() throws {
        let server = try GitHTTPServer(token: GitHTTPServer.basic("s3cr3t"), challengeBody: Self.body)
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", server.url])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = try repository.credentials(forRemote: "origin", environment: ["PROMOTE_GIT_TOKEN": "s3cr3t"])
        try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        try work.git(["reset", "-q", "--hard", "origin/main"])
        let pushed = try work.commit("second", files: ["a.txt": "2"])
        try repository.push("origin", updates: [PushUpdate(source: "refs/heads/main")], credentials: credentials)
        #expect(try Shell.run("git", ["--git-dir", server.origin, "rev-parse", "main"]).output == pushed)
    }

    @Test func aWrongTokenFailsWithAnAuthenticationError() throws {
        let server = try GitHTTPServer(token: GitHTTPServer.basic("s3cr3t"), challengeBody: Self.body)
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", server.url])
        let repository = try Repository(discoveringFrom: work.path)
        let credentials = try repository.credentials(forRemote: "origin", environment: ["PROMOTE_GIT_TOKEN": "wrong"])
        #expect(throws: GitError.self) {
            try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        }
    }
}

/// In a GitLab job, promote fetches and pushes with the job token when no PROMOTE_GIT_TOKEN is set: the generated
/// .gitlab-ci.yml takes the token out of the clone's URL, so that code under test cannot read it there.
@Suite struct GitLabJobTokenTests {
    @Test func theJobTokenIsUsedWithItsUsername() throws {
        let header = "Basic " + Data("gitlab-ci-token:job-42".utf8).base64EncodedString()
        let server = try GitHTTPServer(token: header)
        let work = try GitFixture()
        try work.git(["remote", "add", "origin", server.url])
        let repository = try Repository(discoveringFrom: work.path)
        let environment = ["GITLAB_CI": "true", "CI_JOB_TOKEN": "job-42"]
        let credentials = try repository.credentials(forRemote: "origin", environment: environment)
        #expect(credentials.username == "gitlab-ci-token" && credentials.token == "job-42")
        try repository.fetch("origin", refspecs: ["+refs/heads/*:refs/remotes/origin/*"], credentials: credentials)
        // A token of the user's own wins, with GitLab's usual username.
        let own = try repository.credentials(
            forRemote: "origin", environment: environment.merging(["PROMOTE_GIT_TOKEN": "pat"]) { $1 })
        #expect(own.username == "oauth2" && own.token == "pat")
        // Outside GitLab, CI_JOB_TOKEN means nothing.
        #expect(try repository.credentials(forRemote: "origin", environment: ["CI_JOB_TOKEN": "job-42"]).token == nil)
    }
}
