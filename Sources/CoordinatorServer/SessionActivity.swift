import Synchronization

/// What one session is doing, shared between its task, the idle-timeout handler on the event
/// loop, the cancel registry and the server's stop: whether a statement runs and how to
/// interrupt it, and whether a CancelRequest arrived while a result was being sent.
///
/// ```swift
/// activity.begin(cancel: { task.cancel() })
/// defer { activity.end() }
///
/// activity.beginTransfer()                  // rows go out in batches…
/// defer { activity.endTransfer() }
/// if activity.isTransferCancelled { … }     // …checked before each one
/// ```
final class SessionActivity: Sendable {
    private struct State {
        var busy = false
        var cancel: (@Sendable () -> Void)?
        var stopping = false
        var closed = false
        var transferring = false
        var transferCancelled = false
    }

    private let state = Mutex(State())

    /// A statement starts; `cancel` interrupts it (at once when the client has already gone).
    func begin(cancel: @escaping @Sendable () -> Void) {
        let closed = state.withLock { state in
            state.busy = true
            state.cancel = cancel
            return state.closed
        }
        if closed { cancel() }
    }

    /// The statement finished.
    func end() {
        state.withLock { $0.busy = false; $0.cancel = nil }
    }

    var isBusy: Bool { state.withLock { $0.busy } }

    /// Interrupts the running statement, if any, or stops the result being sent (a CancelRequest).
    func cancel() {
        state.withLock { state in
            if state.transferring { state.transferCancelled = true }
            return state.cancel
        }?()
    }

    /// A statement's rows start going out. Not "busy": a session whose client reads nothing
    /// must not hold up the server's stop, which closes it (and so ends the transfer).
    func beginTransfer() {
        state.withLock { $0.transferring = true; $0.transferCancelled = false }
    }

    /// The rows are sent (or the transfer was stopped).
    func endTransfer() {
        state.withLock { $0.transferring = false; $0.transferCancelled = false }
    }

    /// Whether a CancelRequest arrived since ``beginTransfer()``.
    var isTransferCancelled: Bool { state.withLock { $0.transferCancelled } }

    /// The client's connection closed: interrupt the running statement and any later one
    /// (a statement the client sent just before vanishing may start after this).
    func channelClosed() {
        state.withLock { $0.closed = true; return $0.cancel }?()
    }

    /// The server is stopping: the session ends after its current statement.
    func markStopping() { state.withLock { $0.stopping = true } }

    var isStopping: Bool { state.withLock { $0.stopping } }
}
