public import Foundation

/// How often and how patiently calls are repeated: exponential backoff with jitter, honouring `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval
    /// The longest `Retry-After` honoured; longer asks are cut to this.
    public var maxRetryAfter: TimeInterval

    public init(
        maxAttempts: Int = 8, baseDelay: TimeInterval = 0.2, maxDelay: TimeInterval = 5,
        maxRetryAfter: TimeInterval = 30
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    public static let standard = RetryPolicy()

    /// The pause before attempt `attempt + 1`: `Retry-After` when the server sent one, else base·2^attempt with
    /// ±50 % jitter (so clients that failed together do not retry together), capped.
    func delay(afterAttempt attempt: Int, retryAfter: TimeInterval?) -> TimeInterval {
        if let retryAfter { return min(max(0, retryAfter), maxRetryAfter) }
        let exponential = min(maxDelay, baseDelay * pow(2, Double(attempt)))
        return exponential * Double.random(in: 0.5...1.5)
    }
}
