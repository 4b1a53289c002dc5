import Foundation
import Synchronization

/// A clock that only moves when told: tests drive the scheduler and the monitor through it
/// without sleeping. ``nextWake()`` waits until someone sleeps and says until when;
/// ``advance(to:)`` moves time and wakes every sleeper whose deadline has come.
///
/// ```swift
/// let clock = ManualWorkflowClock(now: start)
/// let task = Task { try await scheduler.run() }
/// let wake = await clock.nextWake()        // e.g. 22:35:00Z, the next planned run
/// clock.advance(to: wake)
/// ```
public final class ManualWorkflowClock: WorkflowClock {
    private struct Sleeper {
        var id: UInt64
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var nextId: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelled: Set<UInt64> = []
        var watchers: [CheckedContinuation<Date, Never>] = []
    }

    private let state: Mutex<State>

    /// A clock reading `now`.
    public init(now: Date) { state = Mutex(State(now: now)) }

    /// The clock's time.
    public func now() -> Date { state.withLock { $0.now } }

    /// Suspends until ``advance(to:)`` reaches `deadline` (returns at once when it has).
    public func sleep(until deadline: Date) async throws {
        let id: UInt64? = state.withLock { state in
            if deadline <= state.now { return nil }
            state.nextId += 1
            return state.nextId
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let watchers: [CheckedContinuation<Date, Never>] = state.withLock { state in
                    if state.cancelled.remove(id) != nil {
                        continuation.resume(throwing: CancellationError())
                        return []
                    }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    defer { state.watchers = [] }
                    return state.watchers
                }
                let earliest = self.earliestDeadline() ?? deadline
                for watcher in watchers { watcher.resume(returning: earliest) }
            }
        } onCancel: {
            let sleeper: Sleeper? = state.withLock { state in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock to `date` (never back) and wakes the sleepers whose deadline has come.
    public func advance(to date: Date) {
        let due: [Sleeper] = state.withLock { state in
            state.now = max(state.now, date)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Moves the clock on by `interval` seconds.
    public func advance(by interval: TimeInterval) { advance(to: now().addingTimeInterval(interval)) }

    /// The earliest deadline anyone sleeps until, waiting until someone sleeps.
    public func nextWake() async -> Date {
        await withCheckedContinuation { (continuation: CheckedContinuation<Date, Never>) in
            let earliest: Date? = state.withLock { state in
                if let earliest = state.sleepers.map(\.deadline).min() { return earliest }
                state.watchers.append(continuation)
                return nil
            }
            if let earliest { continuation.resume(returning: earliest) }
        }
    }

    private func earliestDeadline() -> Date? { state.withLock { $0.sleepers.map(\.deadline).min() } }
}
