import Foundation
import PromoteCore

/// Shows that promote is still working during long waits (syncs, runs that stay PENDING for minutes). On a
/// terminal: a spinner with the elapsed time on the last line, redrawn under every progress line. Elsewhere (CI
/// logs, pipes): plain lines only, plus a "still working" line when nothing was printed for a while, since CI
/// systems show neither spinners nor carriage returns well.
final class ProgressReporter: @unchecked Sendable {
    // Safe: every mutable field is touched only under `lock`.
    private let lock = NSLock()
    private let label: String
    private let interactive: Bool
    private let heartbeat: TimeInterval
    private let handle: FileHandle
    private let started = Date()
    private var lastLine = Date()
    private var frame = 0
    private var spinnerShown = false
    private var timer: (any DispatchSourceTimer)?

    private static let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    /// `label` says what is going on ("deploying tst"). `handle` is where progress lines go.
    init(label: String, handle: FileHandle, environment: [String: String] = ProcessInfo.processInfo.environment,
        heartbeat: TimeInterval = 30)
    {
        self.label = label
        self.handle = handle
        self.heartbeat = heartbeat
        // CIEnvironment knows the CIs promote follows; `CI` covers the others.
        let inCI = CIEnvironment(environment: environment).provider != .none || environment["CI"] != nil
        interactive = isatty(handle.fileDescriptor) == 1 && !inCI && environment["TERM"] != "dumb"
    }

    func start() {
        let source = DispatchSource.makeTimerSource(queue: .global())
        source.schedule(deadline: .now() + .milliseconds(100), repeating: interactive ? 0.1 : 1)
        source.setEventHandler { [weak self] in self?.tick() }
        lock.withLock { timer = source }
        source.resume()
    }

    func stop() {
        lock.withLock {
            timer?.cancel()
            timer = nil
            clearSpinner()
        }
    }

    /// Prints one progress line (never interleaved with the spinner).
    func line(_ text: String) {
        lock.withLock {
            clearSpinner()
            handle.write(Data((text + "\n").utf8))
            lastLine = Date()
            drawSpinner()
        }
    }

    private func tick() {
        lock.withLock {
            if interactive {
                frame += 1
                drawSpinner()
            } else if Date().timeIntervalSince(lastLine) >= heartbeat {
                handle.write(Data("… still \(label) (\(elapsed) elapsed)\n".utf8))
                lastLine = Date()
            }
        }
    }

    private var elapsed: String {
        let seconds = Int(Date().timeIntervalSince(started))
        return seconds < 60 ? "\(seconds)s" : "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s"
    }

    private func drawSpinner() {
        guard interactive, timer != nil else { return }
        let glyph = Self.frames[frame % Self.frames.count]
        handle.write(Data("\r\u{1B}[2K\(glyph) \(label) \(elapsed)".utf8))
        spinnerShown = true
    }

    private func clearSpinner() {
        guard spinnerShown else { return }
        handle.write(Data("\r\u{1B}[2K".utf8))
        spinnerShown = false
    }
}
