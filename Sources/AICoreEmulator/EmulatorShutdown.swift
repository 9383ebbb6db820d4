import Foundation

/// Whether the `promote emulator` process was asked to stop (SIGINT or SIGTERM). Long work inside the state actor
/// (a git sync) checks it between steps, so that a graceful shutdown, which waits for requests in flight, does not
/// wait for the whole sync. Process-wide: only `EmulatorServer.runUntilSignalled` sets it.
enum EmulatorShutdown {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested = false

    static var isRequested: Bool { lock.withLock { requested } }

    /// Records the request; returns whether it had been requested before.
    static func request() -> Bool {
        lock.withLock {
            defer { requested = true }
            return requested
        }
    }
}
