import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a hook's process ended.
struct HookExit: Sendable, Equatable {
    /// The exit status; 128 + signal number when a signal ended it (as the shell reports it).
    let exitCode: Int
    let timedOut: Bool
    let seconds: Double
    /// The last part of what it printed (stdout and stderr interleaved), for reports.
    let outputTail: String
}

/// Runs one hook command: `/bin/sh -c RUN` in its own process group, with a clean signal state, stdin from
/// /dev/null, stdout and stderr merged and handed over line by line, and a timeout that ends the whole group.
///
/// posix_spawn instead of Foundation's Process: the child must not inherit blocked or ignored signals, and a timeout
/// must reach the hook's own children (a test runner's workers), which needs a process group of its own.
enum HookProcess {
    /// How much of the output is kept for reports.
    static let tailLimit = 64 * 1024

    /// Runs the command on a thread of its own and resumes when the process and its output are finished, so no
    /// Swift concurrency thread is blocked while the hook runs (a hook may call a server running in this process).
    static func run(
        command: String, directory: String, environment: [String: String], timeout: TimeInterval,
        killGrace: TimeInterval = 5, onLine: @escaping @Sendable (String) -> Void
    ) async throws -> HookExit {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result {
                        try runBlocking(
                            command: command, directory: directory, environment: environment, timeout: timeout,
                            killGrace: killGrace, onLine: onLine)
                    })
            }
            thread.name = "promote-hook"
            thread.start()
        }
    }

    static func runBlocking(
        command: String, directory: String, environment: [String: String], timeout: TimeInterval,
        killGrace: TimeInterval, onLine: @escaping (String) -> Void
    ) throws -> HookExit {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw PromoteError.hookFailedToStart(hook: command, detail: errorText()) }
        let (readFD, writeFD) = (fds[0], fds[1])
        // Only the child's stdout and stderr may hold the write end: a copy in another child would keep it open.
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        let started = Date()
        let pid: pid_t
        do {
            pid = try spawn(command: command, directory: directory, environment: environment, output: writeFD)
        } catch {
            close(writeFD)
            close(readFD)
            throw error
        }
        close(writeFD)
        defer { close(readFD) }

        var lines = LineSplitter(onLine: onLine)
        var timedOut = false
        var terminatedAt: Date?
        var exitedAt: Date?
        var status: Int32 = 0
        var endOfOutput = false
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if !endOfOutput {
                var descriptor = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 50) > 0 {
                    let count = read(readFD, &chunk, chunk.count)
                    if count > 0 {
                        lines.feed(chunk[0..<count])
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        endOfOutput = true
                    }
                }
            } else {
                usleep(20_000)
            }
            if exitedAt == nil, let exited = exitState(pid) {
                if exited {
                    // Still a zombie, so its process group id cannot have been reused: end whatever it left running
                    // (background jobs would otherwise hold the output pipe open), then reap it.
                    kill(-pid, SIGKILL)
                    waitpid(pid, &status, 0)
                } else {
                    // Someone else reaped it (a process-wide SIGCHLD handler): its status is lost.
                    status = 255 << 8
                }
                exitedAt = Date()
            }
            if let exitedAt, endOfOutput || Date().timeIntervalSince(exitedAt) > 2 { break }
            if exitedAt == nil {
                let elapsed = Date().timeIntervalSince(started)
                if !timedOut, elapsed > timeout {
                    timedOut = true
                    terminatedAt = Date()
                    kill(-pid, SIGTERM)
                } else if let sent = terminatedAt, Date().timeIntervalSince(sent) > killGrace {
                    terminatedAt = nil
                    kill(-pid, SIGKILL)
                }
            }
        }
        lines.finish()
        let signal = status & 0x7f
        let exitCode = signal == 0 ? Int((status >> 8) & 0xff) : 128 + Int(signal)
        return HookExit(
            exitCode: exitCode, timedOut: timedOut, seconds: Date().timeIntervalSince(started),
            outputTail: lines.tail)
    }

    /// nil while `pid` runs; true once it can be waited for (it is left unreaped); false when it is gone already.
    private static func exitState(_ pid: pid_t) -> Bool? {
        var info = siginfo_t()
        let result = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
        if result == -1 { return errno == EINTR ? nil : false }
        // Linux zeroes `info` when nothing is waitable; a waitable child reports SIGCHLD.
        return info.si_signo == SIGCHLD ? true : nil
    }

    private static func spawn(command: String, directory: String, environment: [String: String], output: Int32)
        throws -> pid_t
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var noneBlocked = sigset_t()
        sigemptyset(&noneBlocked)
        posix_spawnattr_setsigmask(&attributes, &noneBlocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2, SIGTTIN, SIGTTOU]
        {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        // glibc's posix_spawn_file_actions_addchdir_np is not visible to Swift: a first shell changes directory and
        // replaces itself with the hook's shell.
        let wrapper = "cd -- \"$0\" || exit 126; exec /bin/sh -c \"$1\""
        let arguments = ["/bin/sh", "-c", wrapper, directory, command].map { $0.withCString { strdup($0) } }
        let variables = environment.sorted { $0.key < $1.key }.map {
            "\($0.key)=\($0.value)".withCString { strdup($0) }
        }
        defer { for pointer in arguments + variables { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, arguments + [nil], variables + [nil])
        guard result == 0 else {
            throw PromoteError.hookFailedToStart(hook: command, detail: String(cString: strerror(result)))
        }
        return pid
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

/// Turns a byte stream into lines (split on "\n", so multi-byte characters are never cut) and keeps a tail.
/// Hooks run code under test: a line longer than `maximumLine` bytes is passed on in pieces, so output without
/// newlines cannot grow promote's memory.
private struct LineSplitter {
    static let maximumLine = 16 * 1024
    let onLine: (String) -> Void
    private var pending: [UInt8] = []
    private(set) var tail = ""

    init(onLine: @escaping (String) -> Void) {
        self.onLine = onLine
    }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        pending.append(contentsOf: bytes)
        var start = pending.startIndex
        while let newline = pending[start...].firstIndex(of: 0x0A) {
            emit(Array(pending[start..<newline]))
            start = newline + 1
        }
        pending.removeFirst(start)
        while pending.count > Self.maximumLine {
            // Cut before a UTF-8 continuation byte, so the pieces decode as the line would.
            var cut = Self.maximumLine
            while cut > 1 && pending[cut] & 0xC0 == 0x80 { cut -= 1 }
            emit(Array(pending[..<cut]))
            pending.removeFirst(cut)
        }
    }

    mutating func finish() {
        if !pending.isEmpty { emit(pending) }
        pending = []
    }

    private mutating func emit(_ bytes: [UInt8]) {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        onLine(line)
        tail += line + "\n"
        if tail.utf8.count > HookProcess.tailLimit { tail = String(tail.suffix(HookProcess.tailLimit / 2)) }
    }
}
