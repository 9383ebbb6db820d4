import Foundation

/// How many API calls of one client are in flight: at most `maximum`, halved when AI Core answers 429 (and every
/// call then waits out its `Retry-After`), grown back by one after as many successes as the current limit, so a
/// large deploy slows down instead of tripping the tenant's rate limit again and again.
actor RequestPace {
    /// The most calls in flight any deploy may ask for (`deploy.concurrency`, `--concurrency`).
    static let ceiling = 256

    private(set) var maximum: Int
    private(set) var limit: Int
    private var inFlight = 0
    private var successes = 0
    private var pausedUntil = Date.distantPast
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(maximum: Int = 64) {
        self.maximum = min(max(1, maximum), Self.ceiling)
        limit = self.maximum
    }

    /// A new ceiling (a deploy's `concurrency`); the limit starts again from it.
    func setMaximum(_ value: Int) {
        maximum = min(max(1, value), Self.ceiling)
        limit = maximum
        successes = 0
        wakeWaiting()
    }

    /// Waits for a place, and for a pause a 429 asked for to end.
    func enter() async {
        while inFlight >= limit {
            await withCheckedContinuation { waiting.append($0) }
        }
        inFlight += 1
        let pause = pausedUntil.timeIntervalSinceNow
        if pause > 0 { try? await Task.sleep(nanoseconds: UInt64(pause * 1e9)) }
    }

    /// Gives the place back; `status` is the answer's HTTP status (nil when there was none).
    func leave(status: Int?, retryAfter: TimeInterval?) {
        inFlight -= 1
        if status == 429 {
            limit = max(1, limit / 2)
            successes = 0
            if let retryAfter, retryAfter > 0 {
                pausedUntil = max(pausedUntil, Date().addingTimeInterval(min(retryAfter, 60)))
            }
        } else if let status, status < 500 {
            successes += 1
            if successes >= limit && limit < maximum {
                limit += 1
                successes = 0
            }
        }
        wakeWaiting()
    }

    /// Every waiting call looks again; those that do not fit wait again.
    private func wakeWaiting() {
        guard inFlight < limit, !waiting.isEmpty else { return }
        let woken = waiting
        waiting.removeAll()
        for continuation in woken { continuation.resume() }
    }
}
