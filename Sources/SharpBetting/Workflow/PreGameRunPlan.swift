import Foundation

/// The calls due at one moment, run together as one pre-game run (one collection for all).
///
/// ```swift
/// let plan = PreGameSchedulePlanner().plan(games).first!
/// print(plan.runAt, plan.label)              // 2025-06-17 22:10:00 +0000  T-30 STL@CIN
/// let request = plan.request(slateDate: day)  // alerts the games at T−5 only
/// ```
public struct PreGameRunPlan: Sendable, Hashable {
    /// When the run is due.
    public var runAt: Date
    /// The calls due then, ordered by first pitch then gamePk.
    public var calls: [PreGameCall]

    /// Creates a plan.
    public init(runAt: Date, calls: [PreGameCall]) {
        self.runAt = runAt
        self.calls = calls
    }

    /// The games of the run.
    public var gameIds: Set<Int> { Set(calls.map(\.game.gamePk)) }

    /// The games at their final (T−5) call.
    public var alertGameIds: Set<Int> { Set(calls.filter(\.isFinal).map(\.game.gamePk)) }

    /// `T-30 STL@CIN, T-5 TOR@BAL`.
    public var label: String { calls.map(\.label).joined(separator: ", ") }

    /// The workflow request for this run: alerting only for the games at T−5.
    public func request(slateDate: SlateDate) -> PreGameRunRequest {
        let alerting = alertGameIds
        return PreGameRunRequest(slateDate: slateDate, capturedAt: runAt, gameIds: gameIds, alert: !alerting.isEmpty,
                                 alertGameIds: alerting, label: label)
    }
}
