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

    /// Runs the binary under a Python parent that reports the child's peak RSS in KiB (getrusage RUSAGE_CHILDREN,
    /// the kernel's accounting): for tests that hostile input is handled in bounded memory. `discardingOutput`
    /// sends the child's stdout to /dev/null, for floods the test need not read.
    public static func runMeasuringPeakMemory(
        _ arguments: [String], in directory: String, environment: [String: String?] = [:],
        discardingOutput: Bool = false
    ) throws -> (result: ProcessResult, peakKiB: Int) {
        let stdout = discardingOutput ? "subprocess.DEVNULL" : "subprocess.PIPE"
        let script = """
            import resource, subprocess, sys
            result = subprocess.run(sys.argv[1:], stdout=\(stdout), stderr=subprocess.PIPE, text=True, timeout=120)
            sys.stdout.write(result.stdout or ""); sys.stderr.write(result.stderr)
            print("PEAK_RSS_KIB=%d" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            sys.exit(result.returncode)
            """
        var env = GitFixture.identity
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        let result = try Shell.run("python3", ["-c", script, path] + arguments, in: directory, environment: env)
        let peak =
            result.stdout.split(separator: "\n").last { $0.hasPrefix("PEAK_RSS_KIB=") }
            .flatMap { Int($0.dropFirst("PEAK_RSS_KIB=".count)) } ?? Int.max
        return (result, peak)
    }
}
