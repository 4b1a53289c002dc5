import Foundation

/// A polite rate limit: requests to the same host start at least `interval` apart.
///
/// ```swift
/// let spacer = RequestSpacer(interval: 1.0)
/// try await spacer.waitTurn(host: "data.vsin.com")   // returns at once the first time
/// try await spacer.waitTurn(host: "data.vsin.com")   // about a second later
/// ```
public actor RequestSpacer {
    /// Least time between two requests to one host, in seconds.
    public let interval: Double
    private var nextAllowed: [String: ContinuousClock.Instant] = [:]

    /// A spacer keeping requests to one host `interval` seconds apart.
    public init(interval: Double) { self.interval = interval }

    /// Waits until a request to `host` may start, and books that slot.
    public func waitTurn(host: String) async throws {
        let clock = ContinuousClock()
        let now = clock.now
        let slot = max(now, nextAllowed[host] ?? now)
        nextAllowed[host] = slot.advanced(by: .milliseconds(Int64(interval * 1000)))
        if slot > now { try await clock.sleep(until: slot) }
    }
}
