/// How often and how patiently a live request is retried: exponential backoff
/// (`baseDelay × 2ⁿ`, capped at `maxDelay`) for transport errors, timeouts, 429 and 5xx.
///
/// ```swift
/// let policy = RetryPolicy(attempts: 3, baseDelay: 0.5, maxDelay: 8)
/// policy.delay(afterAttempt: 1)   // 0.5
/// policy.delay(afterAttempt: 2)   // 1.0
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all (1 = no retry).
    public var attempts: Int
    /// Wait after the first failed try, in seconds.
    public var baseDelay: Double
    /// Longest wait between tries, in seconds.
    public var maxDelay: Double

    /// Creates a policy.
    public init(attempts: Int = 3, baseDelay: Double = 0.5, maxDelay: Double = 8) {
        self.attempts = max(1, attempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after failed try number `attempt` (1-based).
    public func delay(afterAttempt attempt: Int) -> Double {
        var delay = baseDelay
        for _ in 1..<max(1, attempt) { delay *= 2 }
        return min(delay, maxDelay)
    }

    /// Whether an HTTP status is worth another try (rate limited or a server fault).
    public static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }
}
