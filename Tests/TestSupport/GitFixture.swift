public import Foundation

/// A real git repository in a temp dir, driven through the git CLI, so PromoteGit's answers can be checked against
/// git's own.
public final class GitFixture: @unchecked Sendable {
    // Safe: the fixture is used from one test at a time; `clock` is only touched by `commit`, on that test's thread.
    public let directory: TemporaryDirectory
    public let path: String
    private var clock = 1_700_000_000

    public static let identity: [String: String?] = [
        "GIT_AUTHOR_NAME": "Ada Author", "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Carl Committer", "GIT_COMMITTER_EMAIL": "carl@example.com",
        "GIT_CONFIG_NOSYSTEM": "1", "HOME": nil, "GIT_CONFIG_GLOBAL": "/dev/null",
    ]

    /// A new repository (bare when asked) with `initialBranch` as its unborn HEAD.
    public init(bare: Bool = false, initialBranch: String = "main") throws {
        directory = TemporaryDirectory("promote-git")
        path = directory.appending(bare ? "repo.git" : "repo")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", initialBranch] + (bare ? ["--bare"] : []))
        if !bare {
            try git(["config", "user.name", "Ada Author"])
            try git(["config", "user.email", "ada@example.com"])
        }
    }

    /// Runs git in the repository and returns its stdout (trimmed); throws with stderr on failure.
    @discardableResult
    public func git(_ arguments: [String], environment: [String: String?] = [:], input: Data? = nil) throws -> String {
        var env = Self.identity
        for (key, value) in environment { env[key] = value }
        let result = try Shell.run("git", arguments, in: path, environment: env, input: input)
        guard result.status == 0 else {
            throw FixtureError.gitFailed(arguments: arguments, stderr: result.stderr)
        }
        return result.output
    }

    /// Writes `files` (path → content; nil deletes), commits them with a deterministic, increasing date, and
    /// returns the new commit's SHA.
    @discardableResult
    public func commit(_ message: String, files: [String: String?] = [:], author: (String, String)? = nil) throws
        -> String
    {
        for (relative, content) in files {
            let full = (path as NSString).appendingPathComponent(relative)
            if let content {
                try FileManager.default.createDirectory(
                    atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try content.write(toFile: full, atomically: true, encoding: .utf8)
            } else {
                try? FileManager.default.removeItem(atPath: full)
            }
        }
        try git(["add", "-A"])
        clock += 60
        var env: [String: String?] = ["GIT_AUTHOR_DATE": "\(clock) +0000", "GIT_COMMITTER_DATE": "\(clock) +0000"]
        if let author {
            env["GIT_AUTHOR_NAME"] = author.0
            env["GIT_AUTHOR_EMAIL"] = author.1
        }
        try git(["commit", "-q", "--allow-empty", "-m", message], environment: env)
        return try git(["rev-parse", "HEAD"])
    }

    /// Copies the top-level `stages/` of this package into the repository (not committed).
    public func writeStageFiles(_ files: [String: String]) throws {
        let directory = (path as NSString).appendingPathComponent("stages")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, content) in files {
            try content.write(
                toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case gitFailed(arguments: [String], stderr: String)

    public var description: String {
        switch self {
        case .gitFailed(let arguments, let stderr): "git \(arguments.joined(separator: " ")) failed: \(stderr)"
        }
    }
}

/// The three-stage set the CLI tests use: dev on main, tst from dev, prd from tst.
public enum StageFixtures {
    public static func stage(_ name: String, branch: String, from: String?) -> String {
        let fromLine = from.map { "\"from\": \"\($0)\"," } ?? ""
        return """
            { "version": 1, "name": "\(name)", "branch": "\(branch)", \(fromLine)
              "aicore": { "resource_group": "rg-\(name)", "application": "app-\(name)" } }
            """
    }

    public static let threeStages: [String: String] = [
        "dev.json": stage("dev", branch: "main", from: nil),
        "tst.json": stage("tst", branch: "tst", from: "dev"),
        "prd.json": stage("prd", branch: "prd", from: "tst"),
    ]
}
