import Foundation

/// The wall clock, or the wall clock moved to start at another instant: `Date()` plus a fixed
/// offset, and `Task.sleep` until the deadline. A replayed day played in real time runs on the
/// second form: its runs fall due as many real minutes after the start as they did that day.
///
/// ```swift
/// let clock = SystemWorkflowClock()
/// try await clock.sleep(until: clock.now().addingTimeInterval(5))
/// let replayed = SystemWorkflowClock(startingAt: recordedDayStart)   // now() ≈ recordedDayStart
/// ```
public struct SystemWorkflowClock: WorkflowClock {
    /// Seconds added to `Date()`: 0 for the wall clock.
    public let offset: TimeInterval

    /// The wall clock.
    public init() { offset = 0 }

    /// A clock whose `now()` is `start` at this moment and then advances in real time.
    public init(startingAt start: Date) { offset = start.timeIntervalSinceNow }

    /// `Date()` plus the offset.
    public func now() -> Date { Date().addingTimeInterval(offset) }

    /// Sleeps until `deadline` (on this clock), in steps of at most a minute so a changed system
    /// time is noticed.
    public func sleep(until deadline: Date) async throws {
        while true {
            let left = deadline.timeIntervalSince(now())
            if left <= 0 { return }
            try await Task.sleep(for: .seconds(min(left, 60)))
        }
    }
}
