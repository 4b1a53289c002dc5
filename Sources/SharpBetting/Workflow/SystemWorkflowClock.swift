import Foundation

/// The wall clock: `Date()`, and `Task.sleep` until the deadline.
///
/// ```swift
/// let clock = SystemWorkflowClock()
/// try await clock.sleep(until: clock.now().addingTimeInterval(5))
/// ```
public struct SystemWorkflowClock: WorkflowClock {
    /// The wall clock.
    public init() {}

    /// `Date()`.
    public func now() -> Date { Date() }

    /// Sleeps until `deadline`, in steps of at most a minute so a changed system time is noticed.
    public func sleep(until deadline: Date) async throws {
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return }
            try await Task.sleep(for: .seconds(min(left, 60)))
        }
    }
}
