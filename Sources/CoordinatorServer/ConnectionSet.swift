import NIOCore
import Synchronization

/// Every connection a server has open, from accept to the end of its session (channel
/// closed, transaction rolled back, writer released), so ``CoordinatorServer/stop()`` can
/// close them and wait for them.
///
/// ```swift
/// let id = connections.opened(channel, activity)   // in the child channel initializer
/// connections.ended(id)                             // when the session has ended
/// connections.stopAll()                             // idle ones close now, busy ones after their statement
/// await connections.allEnded()
/// ```
final class ConnectionSet: Sendable {
    private struct State {
        var open: [Int: (channel: any Channel, activity: SessionActivity)] = [:]
        var nextID = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers a new connection; returns its id for ``ended(_:)``.
    func opened(_ channel: any Channel, _ activity: SessionActivity) -> Int {
        state.withLock { state in
            state.nextID += 1
            state.open[state.nextID] = (channel, activity)
            return state.nextID
        }
    }

    /// The connection's session has fully ended.
    func ended(_ id: Int) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            state.open.removeValue(forKey: id)
            guard state.open.isEmpty else { return [] }
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Tells every session to end after its current statement and closes the idle ones now
    /// (a session sending a result to a client that reads nothing is closed too: its
    /// transfer then fails and ends).
    func stopAll() {
        let open = state.withLock { Array($0.open.values) }
        for (channel, activity) in open {
            activity.markStopping()
            if !activity.isBusy || activity.isTransferring { channel.close(promise: nil) }
        }
    }

    /// Returns once every connection has ended.
    func allEnded() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.open.isEmpty { return true }
                state.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }
}
