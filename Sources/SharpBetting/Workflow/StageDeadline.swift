/// Runs an operation against a deadline: the operation and a timer race in a task group, and
/// whichever loses is **cancelled** — a stage that runs too long is really stopped (its fetches
/// and database calls see the cancellation), not merely abandoned while it keeps running.
///
/// ```swift
/// let deadline = StageDeadline(timeout: .seconds(60))
/// let report = try await deadline.run { try await collector.collect(capture, using: fetcher) }
/// // throws StageTimeoutError after 60 s; the collection task has been cancelled by then
/// ```
public struct StageDeadline: Sendable {
    /// How long the operation may run.
    public var timeout: Duration

    /// A deadline `timeout` from when ``run(_:)`` starts.
    public init(timeout: Duration) { self.timeout = timeout }

    private enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
    }

    /// The operation's value, or ``StageTimeoutError`` once the timeout passes (the operation is
    /// cancelled and awaited before this returns).
    public func run<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let timeout = self.timeout
        return try await withThrowingTaskGroup(of: Outcome<Value>.self) { group in
            group.addTask { .finished(try await operation()) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return .timedOut
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            group.cancelAll()
            switch first {
            case .finished(let value):
                return value
            case .timedOut:
                throw StageTimeoutError(timeout: timeout)
            }
        }
    }
}
