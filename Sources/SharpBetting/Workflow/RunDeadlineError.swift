/// A pre-game run reached its overall deadline (``PreGameWorkflowService/runDeadline``): the
/// stage running then was cancelled, or a later stage was not started.
///
/// ```swift
/// RunDeadlineError(deadline: .seconds(240), started: true).description
/// // "stopped at the run's deadline (240 seconds after the run started)"
/// ```
public struct RunDeadlineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The run's deadline, from its start.
    public var deadline: Duration
    /// Whether the stage had started (and was cancelled) or never ran.
    public var started: Bool

    /// Creates the error.
    public init(deadline: Duration, started: Bool) {
        self.deadline = deadline
        self.started = started
    }

    /// What happened, and when.
    public var description: String {
        (started ? "stopped at" : "not started: past") + " the run's deadline (\(deadline) after the run started)"
    }
}
