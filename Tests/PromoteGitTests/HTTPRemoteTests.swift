import Foundation
import PromoteGit
import TestSupport
import Testing

/// Fetch and push over real smart HTTP (git http-backend behind a small server on 127.0.0.1) that demands
/// credentials, the way GitHub and GitLab do: the checkout's extraheader and a token must both get through, and a
/// missing or wrong credential must fail cleanly.
@Suite struct HTTPRemoteTests {
    static let basicToken = "Basic " + Data("x-access-token:s3cr3t".utf8).base64EncodedString()

    /// A running server over a bare repository `origin.git` holding one commit on main.
    final class Server {
        let root = TemporaryDirectory("git-http")
        let process = Process()
        let port: Int
        let log: String

        init() throws {
            let origin = root.appending("origin.git")
            try Shell.run("git", ["init", "-q", "--bare", "-b", "main", origin])
            let seed = try GitFixture()
            try seed.commit("first", files: ["a.txt": "1"])
            try seed.git(["push", "-q", origin, "main"])
            log = root.appending("requests.log")
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/git_http_server.py").path
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, root.path, HTTPRemoteTests.basicToken, log]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        var url: String { "http://127.0.0.1:\(port)/origin.git" }

        var authorizationHeaders: [String] {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        deinit {
            // SIGKILL: the server may have inherited a mask that blocks SIGTERM from the test's worker thread.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func theCheckoutsExtraHeaderAuthenticatesFetchAndPush() throws {
        let server = try Server()
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

    @Test func aTokenIsOfferedWhenTheServerAsks() throws {
        let server = try Server()
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
        let server = try Server()
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
