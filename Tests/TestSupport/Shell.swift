public import Foundation

/// The outcome of a finished process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// stdout without the trailing newline.
    public var output: String { stdout.trimmingCharacters(in: .newlines) }
}

/// Runs real programs (git, the built promote binary) for tests.
public enum Shell {
    /// Runs `executable` with `arguments` in `directory` and waits for it. `environment` entries are added to the
    /// current environment; a nil value removes the variable.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String?] = [:], input: Data? = nil
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        let stderrData = LockedBox(Data())
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            stderrData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData.get(), as: UTF8.self))
    }
}

/// A value guarded by a lock, for handing results across threads in tests.
public final class LockedBox<Value>: @unchecked Sendable {
    // Safe: every access to `value` holds `lock`.
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) {
        self.value = value
    }

    public func get() -> Value { lock.withLock { value } }
    public func set(_ newValue: Value) { lock.withLock { value = newValue } }
    public func update<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}

extension Shell {
    /// Starts a long-running helper (sshd, ssh-agent) detached from this process and returns its pid.
    ///
    /// Started through Python with every inherited descriptor closed: a daemon that kept one of our pipes open would
    /// make the next `run` wait forever for end-of-file.
    public static func startDaemon(_ command: [String], environment: [String: String?] = [:]) throws -> pid_t {
        let script = """
            import subprocess, sys
            p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
            print(p.pid)
            """
        let result = try run("python3", ["-c", script] + command, environment: environment)
        guard result.status == 0, let pid = pid_t(result.output) else {
            throw DaemonError.failedToStart(command: command.joined(separator: " "), stderr: result.stderr)
        }
        return pid
    }
}

public enum DaemonError: Error, CustomStringConvertible {
    case failedToStart(command: String, stderr: String)

    public var description: String {
        switch self {
        case .failedToStart(let command, let stderr): "could not start \(command): \(stderr)"
        }
    }
}
