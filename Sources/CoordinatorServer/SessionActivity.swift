import Synchronization

/// What one session is doing, shared between its executor, the idle-timeout handler on the
/// event loop, the cancel registry and the server's stop: whether a statement runs and how to
/// interrupt it, and whether its result is being sent.
///
/// ```swift
/// activity.begin(cancel: { stream.cancel(); task.cancel() })
/// defer { activity.end() }
/// activity.beginTransfer()                  // rows go out chunk by chunk
/// defer { activity.endTransfer() }
/// ```
final class SessionActivity: Sendable {
    private struct State {
        var busy = false
        var cancel: (@Sendable () -> Void)?
        var stopping = false
        var closed = false
        var transferring = false
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

    /// Interrupts the running statement (or stops the result being sent), if any: a CancelRequest.
    func cancel() {
        state.withLock { $0.cancel }?()
    }

    /// A statement's rows start going out: the server's stop closes such a session instead of
    /// waiting for a client that may read nothing (closing ends the transfer).
    func beginTransfer() {
        state.withLock { $0.transferring = true }
    }

    /// The rows are sent (or the transfer was stopped).
    func endTransfer() {
        state.withLock { $0.transferring = false }
    }

    /// Whether a result is being sent now.
    var isTransferring: Bool { state.withLock { $0.transferring } }

    /// The client's connection closed: interrupt the running statement and any later one
    /// (a statement the client sent just before vanishing may start after this).
    func channelClosed() {
        state.withLock { $0.closed = true; return $0.cancel }?()
    }

    /// The server is stopping: the session ends after its current statement.
    func markStopping() { state.withLock { $0.stopping = true } }

    var isStopping: Bool { state.withLock { $0.stopping } }
}
