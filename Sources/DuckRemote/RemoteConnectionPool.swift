import DuckCoordinator
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// One postgres-nio connection and what this client remembers about its session.
final class RemoteSession: Sendable {
    let connection: PostgresConnection
    /// The session's `sharp.priority` as last set (a session starts at NORMAL).
    let priority = Mutex(OperationPriority.normal)

    init(connection: PostgresConnection) { self.connection = connection }

    var isOpen: Bool { !connection.isClosed }

    /// `query`'s result, or an error when the connection has closed.
    ///
    /// postgres-nio 1.33.2 hands a query to its channel without a write promise: a query
    /// written after the connection closed (an owner stopping between two statements of a
    /// job), when its handlers are already gone, is never answered, and its caller waited
    /// forever (a collector hung at hand-over). So the check and the write happen in one turn
    /// of the connection's event loop, where the channel closes: an open channel's handler
    /// takes the query and answers or fails it; a closed one fails it here.
    func answer(_ query: PostgresQuery, logger: Logger) async throws -> PostgresQueryResult {
        let connection = connection
        return try await connection.eventLoop.flatSubmit {
            connection.isClosed
                ? connection.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
                : connection.query(query, logger: logger)
        }.get()
    }
}

/// At most `limit` postgres-nio connections to one endpoint, reused: a caller takes an idle
/// one, opens a new one while under the limit, or waits (FIFO) for one to come back. A
/// connection that dropped is discarded and its slot handed on.
///
/// Not postgres-nio's `PostgresClient`: while it cannot connect, its pool keeps requests
/// waiting for up to a minute (its circuit breaker, not configurable there), and a sharp
/// client must learn at once that its owner is gone so that it can take the file over.
/// Here a failed connect fails its caller at once with ``RemoteCoordinatorError/ownerUnreachable(address:reason:)``.
final class RemoteConnectionPool: Sendable {
    let endpoint: RemoteEndpoint
    let limit: Int
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger

    private struct State {
        var idle: [RemoteSession] = []
        var open = 0
        var nextID = 0
        /// Resumed with a session to use, or nil: "a slot is yours, connect".
        var waiters: [CheckedContinuation<RemoteSession?, Never>] = []
        var closed = false
    }

    private let state = Mutex(State())

    init(endpoint: RemoteEndpoint, limit: Int, logger: Logger) throws {
        self.endpoint = endpoint
        self.limit = max(1, limit)
        self.logger = logger
        configuration = try Self.configuration(for: endpoint)
    }

    /// postgres-nio's configuration for `endpoint`: its address, login and TLS (libpq's sslmode).
    static func configuration(for endpoint: RemoteEndpoint) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        switch endpoint.address {
        case .unixSocket(let path):
            configuration = .init(unixSocketPath: path, username: endpoint.user, password: endpoint.password, database: endpoint.database)
        case .tcp(let host, let port):
            configuration = .init(host: host, port: port, username: endpoint.user, password: endpoint.password,
                                  database: endpoint.database, tls: try tls(for: endpoint))
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private static func tls(for endpoint: RemoteEndpoint) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        var verify: CertificateVerification = .none
        switch endpoint.sslMode {
        case .disable: return .disable
        case .prefer: break
        case .require: if endpoint.sslRootCert != nil { verify = .noHostnameVerification }
        case .verifyCA: verify = .noHostnameVerification
        case .verifyFull: verify = .fullVerification
        }
        if verify != .none {
            guard let root = endpoint.sslRootCert else {
                throw RemoteEndpointError("sslmode=\(endpoint.sslMode.rawValue) checks the server's certificate: give the CA that signed it with sslrootcert=FILE in the URL or PGSSLROOTCERT")
            }
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root))
            } catch {
                throw RemoteEndpointError("sslrootcert \(root) cannot be read as PEM certificates: \(error)")
            }
        }
        tls.certificateVerification = verify
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: tls) } catch {
            throw RemoteEndpointError("TLS settings for \(endpoint) are unusable: \(error)")
        }
        return endpoint.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// Runs `body` with a session of its own; a session whose connection dropped is not reused.
    func withSession<T>(_ body: (RemoteSession) async throws -> T) async throws -> T {
        let session = try await acquire()
        defer { release(session) }
        return try await body(session)
    }

    private func acquire() async throws -> RemoteSession {
        enum Next { case use(RemoteSession), connect(Int), wait, closed }
        let next: Next = state.withLock { state in
            if state.closed { return .closed }
            while let session = state.idle.popLast() {
                if session.isOpen { return .use(session) }
                state.open -= 1
            }
            if state.open < limit {
                state.open += 1
                state.nextID += 1
                return .connect(state.nextID)
            }
            return .wait
        }
        switch next {
        case .use(let session): return session
        case .closed: throw RemoteCoordinatorError.shutDown
        case .connect(let id): return try await connectInSlot(id)
        case .wait:
            let handed: RemoteSession? = await withCheckedContinuation { continuation in
                let closed = state.withLock { state -> Bool in
                    if state.closed { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if closed { continuation.resume(returning: nil) }
            }
            if let handed { return handed }
            let id: Int? = state.withLock { state in
                if state.closed { return nil }
                state.nextID += 1
                return state.nextID
            }
            guard let id else { throw RemoteCoordinatorError.shutDown }
            return try await connectInSlot(id)
        }
    }

    private func connectInSlot(_ id: Int) async throws -> RemoteSession {
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
            return RemoteSession(connection: connection)
        } catch {
            giveBackSlot()
            throw RemoteCoordinatorError.mapping(error, endpoint: endpoint, sent: false)
        }
    }

    private func giveBackSlot() {
        let waiter = state.withLock { state -> CheckedContinuation<RemoteSession?, Never>? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: nil)
    }

    private func release(_ session: RemoteSession) {
        guard session.isOpen else {
            giveBackSlot()
            return
        }
        let (waiter, close) = state.withLock { state -> (CheckedContinuation<RemoteSession?, Never>?, Bool) in
            if state.closed { state.open -= 1; return (nil, true) }
            if !state.waiters.isEmpty { return (state.waiters.removeFirst(), false) }
            state.idle.append(session)
            return (nil, false)
        }
        if let waiter { waiter.resume(returning: session) }
        // The session lives until its channel has closed (postgres-nio asserts, in debug builds,
        // that a connection is closed when it goes away, and the close completes on its loop).
        if close { session.connection.close().whenComplete { _ in withExtendedLifetime(session) {} } }
    }

    /// Closes idle sessions, and the others as they come back; later acquires fail.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.open -= state.idle.count; state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for session in idle { try? await session.connection.close() }
    }
}
