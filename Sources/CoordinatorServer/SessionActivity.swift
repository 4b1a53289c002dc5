import Synchronization

/// What one session is doing, shared between its task, the idle-timeout handler on the event
/// loop, the cancel registry and the server's stop: whether a statement runs and how to
/// interrupt it.
///
/// ```swift
/// activity.begin(cancel: { task.cancel() })
/// defer { activity.end() }
/// ```
final class SessionActivity: Sendable {
    private struct State {
        var busy = false
        var cancel: (@Sendable () -> Void)?
        var stopping = false
        var closed = false
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

    /// Interrupts the running statement, if any (a CancelRequest).
    func cancel() {
        state.withLock { $0.cancel }?()
    }

    /// The client's connection closed: interrupt the running statement and any later one
    /// (a statement the client sent just before vanishing may start after this).
    func channelClosed() {
        state.withLock { $0.closed = true; return $0.cancel }?()
    }

    /// The server is stopping: the session ends after its current statement.
    func markStopping() { state.withLock { $0.stopping = true } }

    var isStopping: Bool { state.withLock { $0.stopping } }
}
