import Foundation

/// git's smart HTTP (`git http-backend` behind Tests/Fixtures/git_http_server.py) on 127.0.0.1 over a bare
/// repository `origin.git` holding one commit on main. It demands `token` (an `Authorization` header value) the way
/// GitHub and GitLab do; `readOnlyToken`, when given, may fetch but not push. `challengeBody` is the text of the
/// 401's body (GitLab sends one; GitHub none).
public final class GitHTTPServer {
    public let root = TemporaryDirectory("git-http")
    let process = Process()
    public let port: Int
    let log: String

    public init(token: String, readOnlyToken: String? = nil, challengeBody: String? = nil) throws {
        let origin = root.appending("origin.git")
        try Shell.run("git", ["init", "-q", "--bare", "-b", "main", origin])
        let seed = try GitFixture()
        try seed.commit("first", files: ["a.txt": "1"])
        try seed.git(["push", "-q", origin, "main"])
        log = root.appending("requests.log")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/git_http_server.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, root.path, token, log, readOnlyToken ?? ""]
        if let challengeBody {
            process.environment = ProcessInfo.processInfo.environment.merging(["CHALLENGE_BODY": challengeBody]) {
                $1
            }
        }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// `Basic base64(x-access-token:<secret>)`: the header a token sent as promote and git send it makes.
    public static func basic(_ secret: String) -> String {
        "Basic " + Data("x-access-token:\(secret)".utf8).base64EncodedString()
    }

    public var origin: String { root.appending("origin.git") }
    public var url: String { "http://127.0.0.1:\(port)/origin.git" }

    /// The `Authorization` header of every request so far ("-" for none), in order.
    public var authorizationHeaders: [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    deinit {
        // SIGKILL: the server may have inherited a mask that blocks SIGTERM from the test's worker thread.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
