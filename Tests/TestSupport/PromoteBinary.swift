public import Foundation

/// The `promote` executable built alongside the tests, run as a user would run it.
public enum PromoteBinary {
    /// Its path: `PROMOTE_BINARY` when set, else the build products directory the test bundle runs from.
    public static let path: String = {
        if let explicit = ProcessInfo.processInfo.environment["PROMOTE_BINARY"] { return explicit }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(), Bundle.main.bundleURL,
        ]
        for directory in candidates {
            let binary = directory.appendingPathComponent("promote").path
            if FileManager.default.isExecutableFile(atPath: binary) { return binary }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/promote").path
    }()

    /// Runs `promote arguments...` in `directory` and returns what it printed and its exit status.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String, environment: [String: String?] = [:]) throws
        -> ProcessResult
    {
        var env = GitFixture.identity
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        return try Shell.run(path, arguments, in: directory, environment: env)
    }
}
