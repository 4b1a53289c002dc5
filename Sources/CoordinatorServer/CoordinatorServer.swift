import DuckCoordinator
import DuckDBKit
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// A PostgreSQL wire-protocol (v3) server in front of one ``DatabaseCoordinator``: psql,
/// JDBC, psycopg and other sharp processes reach the file its process owns.
///
/// ```swift
/// let server = CoordinatorServer(coordinator: db, configuration: .init(host: "127.0.0.1", port: 5433,
///                                                                      unixSocketDirectory: "data"))
/// let addresses = try await server.start()   // listening on 127.0.0.1:5433 and data/.s.PGSQL.5433
/// // … psql -h data -p 5433 …
/// await server.stop()                         // stop accepting, finish statements, close sessions
/// await db.shutdown()
/// ```
///
/// Contract: ``start()`` once; ``stop()`` any number of times. The server never shuts the
/// coordinator down (its owner does, after ``stop()``). Each connection is one
/// ``ConnectionHandler`` (a pure ``ConnectionStateMachine`` driven on the event loop) whose
/// session's statements run in a ``SessionExecutor`` on that same loop; DuckDB work runs on the
/// coordinator's threads, never on the event loop or the cooperative pool.
public final class CoordinatorServer: Sendable {
    /// Where the server listens once started.
    public struct Addresses: Sendable {
        /// The TCP port actually bound (useful with port 0), nil without TCP.
        public let port: Int?
        public let host: String?
        /// The Unix-domain socket file, nil without one.
        public let unixSocketPath: String?
    }

    public let coordinator: DatabaseCoordinator
    public let configuration: ServerConfiguration
    private let registry: SessionRegistry
    private let group: MultiThreadedEventLoopGroup

    private struct State {
        var listeners: [any Channel] = []
        var socketPath: String?
        var stopped = false
    }

    private let state = Mutex(State())
    private let connections = ConnectionSet()

    public init(coordinator: DatabaseCoordinator, configuration: ServerConfiguration) {
        self.coordinator = coordinator
        self.configuration = configuration
        registry = SessionRegistry(limit: configuration.maxConnections)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Sessions open now.
    public var sessionCount: Int { registry.count }

    /// Sessions running a statement now (a test can wait for a statement to be in flight).
    public var runningStatementCount: Int { registry.busyCount }

    /// Binds TCP (when a host is configured) and the Unix socket (when a directory is), and
    /// starts accepting.
    /// - Throws: ``ServerConfigurationError`` for unusable settings or an address in use.
    public func start() async throws -> Addresses {
        try configuration.validate()
        let tls = try Self.tlsContext(configuration)
        let users = await UserDirectory.make(configuration)
        if configuration.locksDownDuckDB {
            // DuckDB's own guard, for every connection of the database: no files, extensions
            // or settings from here on (see ServerConfiguration.disablesExternalAccess).
            _ = try await coordinator.immediateWrite("SET enable_external_access = false")
            _ = try await coordinator.immediateWrite("SET lock_configuration = true")
        }
        let version = (try? await coordinator.read("SELECT version() AS v")).flatMap { result -> String? in
            guard let row = result.rows.first, case .string(let v) = row[0] else { return nil }
            return v
        } ?? "unknown"
        let shared = ConnectionHandler.Shared(
            executor: .init(coordinator: coordinator, configuration: configuration, duckDBVersion: version,
                            taskExecutor: EventLoopTaskExecutor(eventLoop: group.next())),
            registry: registry, users: users, tls: tls)
        var port: Int?
        var socketPath: String?
        do {
            if let host = configuration.host {
                let listener = try await bootstrap(shared).bind(host: host, port: configuration.port).get()
                state.withLock { $0.listeners.append(listener) }
                port = listener.localAddress?.port
            }
            if let directory = configuration.unixSocketDirectory {
                let path = (directory as NSString).appendingPathComponent(".s.PGSQL.\(port ?? configuration.port)")
                try Self.removeStaleSocket(path)
                let listener = try await bootstrap(shared).bind(unixDomainSocketPath: path).get()
                socketPath = path
                state.withLock { $0.listeners.append(listener); $0.socketPath = path }
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            await stop()
            throw ServerConfigurationError("address already in use: \(configuration.host ?? "")\(port.map { ":\($0)" } ?? ":\(configuration.port)") is taken by another process; choose another --port or stop that process")
        } catch {
            await stop()
            throw error
        }
        return Addresses(port: port, host: configuration.host, unixSocketPath: socketPath)
    }

    /// The TLS context of the configured certificate and key, or nil without them.
    private static func tlsContext(_ configuration: ServerConfiguration) throws -> NIOSSLContext? {
        guard let certificate = configuration.tlsCertificatePath, let key = configuration.tlsKeyPath else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(privateKey))
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ServerConfigurationError("cannot use TLS certificate \(certificate) with key \(key): \(error); give PEM files")
        }
    }

    /// A socket file left by a process that died: removed when nobody accepts on it; a live
    /// one means another server owns the name.
    private static func removeStaleSocket(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(probe) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(raw.count - 1))
            raw.copyBytes(from: bytes + [0])
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if connected == 0 {
            throw ServerConfigurationError("\(path) is served by another live server; stop it first")
        }
        try FileManager.default.removeItem(atPath: path)
    }

    /// A listener whose connections each get a ``ConnectionHandler`` (and the idle-timeout
    /// handlers when configured), on the server's one event loop.
    private func bootstrap(_ shared: ConnectionHandler.Shared) -> ServerBootstrap {
        let (configuration, connections) = (configuration, connections)
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let activity = SessionActivity()
                    let id = connections.opened(channel, activity)
                    let sync = channel.pipeline.syncOperations
                    if let idle = configuration.idleTimeout {
                        try sync.addHandlers([IdleStateHandler(readTimeout: .nanoseconds(Int64(idle * 1_000_000_000))),
                                              IdleSessionCloser(activity: activity)])
                    }
                    try sync.addHandler(ConnectionHandler(shared: shared, activity: activity, ended: { connections.ended(id) }))
                }
            }
    }

    /// Stops accepting, lets running statements finish, closes every session (a transaction
    /// left open rolls back), removes the Unix socket file; returns when all sessions have ended.
    public func stop() async {
        let (listeners, socketPath, first) = state.withLock { state in
            defer { state.stopped = true; state.listeners = [] }
            return (state.listeners, state.socketPath, !state.stopped)
        }
        for listener in listeners { try? await listener.close() }
        connections.stopAll()
        await connections.allEnded()
        if let socketPath { try? FileManager.default.removeItem(atPath: socketPath) }
        if first { try? await group.shutdownGracefully() }
    }
}
