import Foundation

/// Where the pre-game scheduler and the sharp monitor get the time, and how they wait for it:
/// ``SystemWorkflowClock`` in production, ``ManualWorkflowClock`` in tests (no real sleeping).
///
/// ```swift
/// let clock: any WorkflowClock = SystemWorkflowClock()
/// try await clock.sleep(until: clock.now().addingTimeInterval(60))   // throws when cancelled
/// ```
public protocol WorkflowClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Returns once `deadline` has come (at once when it has passed); throws `CancellationError`
    /// when the task is cancelled first.
    func sleep(until deadline: Date) async throws
}
