import NIOCore
import Synchronization

/// At most `limit` open sessions to one endpoint, reused: a caller takes an idle one, opens a
/// new one while under the limit, or waits (FIFO) for one to come back. A session that
/// dropped is discarded and its slot handed on.
final class WireConnectionPool: Sendable {
    let endpoint: RemoteEndpoint
    let limit: Int
    private let group: any EventLoopGroup

    private struct State {
        var idle: [WireConnection] = []
        var open = 0
        /// Resumed with a session to use, or nil: "a slot is yours, connect".
        var waiters: [CheckedContinuation<WireConnection?, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    init(endpoint: RemoteEndpoint, limit: Int, group: any EventLoopGroup) {
        self.endpoint = endpoint
        self.limit = max(1, limit)
        self.group = group
    }

    /// Runs `body` with a session of its own; a session whose connection dropped is not reused.
    func withConnection<T>(_ body: (WireConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            release(connection)
            return value
        } catch {
            release(connection)
            throw error
        }
    }

    func acquire() async throws -> WireConnection {
        enum Next { case use(WireConnection), connect, wait, closed }
        let next: Next = state.withLock { state in
            if state.closed { return .closed }
            while let connection = state.idle.popLast() {
                if connection.isOpen { return .use(connection) }
                state.open -= 1
            }
            if state.open < limit { state.open += 1; return .connect }
            return .wait
        }
        switch next {
        case .use(let connection): return connection
        case .closed: throw RemoteCoordinatorError.shutDown
        case .connect: return try await connectInSlot()
        case .wait:
            let handed: WireConnection? = await withCheckedContinuation { continuation in
                let closed = state.withLock { state -> Bool in
                    if state.closed { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if closed { continuation.resume(returning: nil) }
            }
            if let handed { return handed }
            if state.withLock({ $0.closed }) { throw RemoteCoordinatorError.shutDown }
            return try await connectInSlot()
        }
    }

    private func connectInSlot() async throws -> WireConnection {
        do {
            return try await WireConnection.connect(to: endpoint, group: group)
        } catch {
            giveBackSlot()
            throw error
        }
    }

    private func giveBackSlot() {
        let waiter = state.withLock { state -> CheckedContinuation<WireConnection?, Never>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: nil)
    }

    func release(_ connection: WireConnection) {
        guard connection.isOpen else {
            giveBackSlot()
            return
        }
        let (waiter, close) = state.withLock { state -> (CheckedContinuation<WireConnection?, Never>?, Bool) in
            if state.closed { state.open -= 1; return (nil, true) }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(connection)
            return (nil, false)
        }
        if let waiter { waiter.resume(returning: connection) }
        if close { Task { await connection.close() } }
    }

    /// Closes idle sessions, and the others as they come back; later acquires fail.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = []; state.open -= state.idle.count }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for connection in idle { await connection.close() }
    }
}
