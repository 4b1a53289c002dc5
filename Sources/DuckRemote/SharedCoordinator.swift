import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Synchronization

/// A database file shared by every sharp process that opens it: the first to open it owns it
/// (and, with `serve`, serves it on the Unix socket beside it); the others find the owner
/// through its record and go through it with a ``RemoteCoordinator``. Same API either way.
///
/// ```swift
/// let db = try await SharedCoordinator.open(.init(path: "data/mlb_betting.duckdb", serve: true,
///                                                 announce: { print($0) }))
/// try await db.write("INSERT INTO games (game_id) VALUES (?)", ["g1"])
/// await db.shutdown()
/// ```
///
/// Hand-over: when the owner goes away, the operation in flight fails with a retryable
/// ``RemoteCoordinatorError``; the next operation finds the file anew: it connects to a new
/// owner if there is one, else opens the file itself (and serves it). An operation that could
/// not even reach the owner (nothing was sent) is run again on the new backend. A stale owner
/// record (dead process, or no answer on its socket) is ignored and replaced.
public final class SharedCoordinator: DatabaseCoordinating {
    /// How to open the file and what to do with it.
    public struct Options: Sendable {
        public var path: String
        public var mode: CoordinatorMode
        public var config: ConnectionConfig
        /// Serve the file while this process owns it (optimized mode only).
        public var serve: Bool
        /// Go to this server and nowhere else (`--db-url`).
        public var endpoint: RemoteEndpoint?
        /// Told once per backend: which owner this process goes through, or that it serves the file.
        public var announce: @Sendable (String) -> Void
        /// Run on every new backend before first use (schema migrations).
        public var prepare: @Sendable (any DatabaseCoordinating) async throws -> Void
        /// How many times a file locked by a process that does not serve it is tried again
        /// before giving up (each after `retryDelay` seconds).
        public var lockRetries: Int
        public var retryDelay: Double
        /// The password for a discovered owner that asks for one (a `sharp serve` with
        /// SHARP_SERVER_PASSWORD); nil when owners trust local clients.
        public var ownerPassword: String?

        public init(path: String, mode: CoordinatorMode = .optimized, config: ConnectionConfig = ConnectionConfig(),
                    serve: Bool = true, endpoint: RemoteEndpoint? = nil, announce: @escaping @Sendable (String) -> Void = { _ in },
                    prepare: @escaping @Sendable (any DatabaseCoordinating) async throws -> Void = { _ in },
                    lockRetries: Int = 100, retryDelay: Double = 0.03, ownerPassword: String? = nil) {
            self.path = path
            self.mode = mode
            self.config = config
            self.serve = serve
            self.endpoint = endpoint
            self.announce = announce
            self.prepare = prepare
            self.lockRetries = lockRetries
            self.retryDelay = retryDelay
            self.ownerPassword = ownerPassword
        }
    }

    /// What this process uses now.
    public enum Backend: Sendable {
        case local(DatabaseCoordinator, ServedFile?)
        case remote(RemoteCoordinator, OwnerRecord?)

        public var coordinator: any DatabaseCoordinating {
            switch self {
            case .local(let db, _): db
            case .remote(let remote, _): remote
            }
        }
    }

    public let options: Options
    private struct State {
        var backend: Backend?
        var generation = 0
        var resolving: Task<(Backend, Int), any Error>?
        var closed = false
        var dialect: SQLDialect = .duckdb
    }

    private let state = Mutex(State())

    private init(options: Options) { self.options = options }

    /// Finds the owner of `options.path` or opens the file.
    /// - Throws: `DuckDBError` (`.lockConflict`) when a process that is not a sharp owner holds
    ///   the file; ``RemoteCoordinatorError`` when a forced endpoint does not answer.
    public static func open(_ options: Options) async throws -> SharedCoordinator {
        let shared = SharedCoordinator(options: options)
        _ = try await shared.current()
        return shared
    }

    /// The backend in use (resolving it when there is none).
    public var backend: Backend {
        get async throws { try await current().0 }
    }

    /// The tuning the file is opened with when this process owns it.
    public var config: ConnectionConfig { options.config }

    // MARK: Resolution

    private func current() async throws -> (Backend, Int) {
        enum Next { case ready(Backend, Int), wait(Task<(Backend, Int), any Error>), closed }
        let next: Next = state.withLock { state in
            if state.closed { return .closed }
            if let backend = state.backend { return .ready(backend, state.generation) }
            if let task = state.resolving { return .wait(task) }
            let task = Task { try await self.resolveAndInstall() }
            state.resolving = task
            return .wait(task)
        }
        switch next {
        case .ready(let backend, let generation): return (backend, generation)
        case .closed: throw CoordinatorError.shutDown
        case .wait(let task): return try await task.value
        }
    }

    private func resolveAndInstall() async throws -> (Backend, Int) {
        do {
            let backend = try await resolve()
            return state.withLock { state in
                state.generation += 1
                state.backend = backend
                state.dialect = backend.coordinator.dialect
                state.resolving = nil
                return (backend, state.generation)
            }
        } catch {
            state.withLock { $0.resolving = nil }
            throw error
        }
    }

    private func resolve() async throws -> Backend {
        if let endpoint = options.endpoint {
            let remote = try await RemoteCoordinator.connect(to: endpoint)
            options.announce("going through the server at \(endpoint)")
            try await options.prepare(remote)
            return .remote(remote, nil)
        }
        let path = options.path
        var lastConflict: DuckDBError?
        var attempts = 0
        while true {
            if let owner = OwnerRecord.live(for: path), let socket = owner.socket {
                do {
                    var endpoint = RemoteEndpoint(address: .unixSocket(path: socket), password: options.ownerPassword,
                                                  passwordSource: "SHARP_SERVER_PASSWORD")
                    endpoint.loginHint = options.ownerPassword == nil
                        ? "the owner (pid \(owner.pid)) asks for a password: set SHARP_SERVER_PASSWORD to the password it was started with"
                        : "SHARP_SERVER_PASSWORD does not match the password the owner (pid \(owner.pid)) was started with"
                    let remote = try await RemoteCoordinator.connect(to: endpoint)
                    options.announce("going through the owner of \(path) (pid \(owner.pid), socket \(socket))")
                    try await options.prepare(remote)
                    return .remote(remote, owner)
                } catch let error as RemoteCoordinatorError where error.isRetryable {
                    // The owner is stopping, or its record is stale: fall through to taking the file.
                }
            }
            do {
                let db = try DatabaseCoordinator(path: path, mode: options.mode, config: options.config)
                do {
                    try await options.prepare(db)
                    var served: ServedFile?
                    if options.serve, options.mode == .optimized {
                        served = try await ServedFile.start(coordinator: db, path: path)
                        options.announce("serving \(path) on \(served!.addresses.unixSocketPath ?? "its socket") while this runs (psql -h \(ServedFile.socketDirectory(for: path)) -p \(served!.addresses.port ?? ServedFile.socketPort(for: path)))")
                    }
                    return .local(db, served)
                } catch {
                    await db.shutdown()
                    throw error
                }
            } catch let error as DuckDBError where error.kind == .lockConflict {
                lastConflict = error
            }
            attempts += 1
            // Someone else holds the file: an owner starting or stopping (its record comes or
            // goes), or a legacy process between operations. Only a holder that never serves
            // it exhausts the retries.
            if attempts > options.lockRetries, OwnerRecord.live(for: path) == nil {
                throw DuckDBError(.lockConflict, message: """
                    \(lastConflict?.message ?? "the file is locked")
                    \(path) is held by a process that is not a sharp process serving it (no live owner record \
                    \(OwnerRecord.path(for: path))); stop that process, open the file from sharp only, or use --db-mode legacy in every process that shares it
                    """)
            }
            if attempts > options.lockRetries * 10 { throw lastConflict ?? CoordinatorError.shutDown }
            try await Task.sleep(nanoseconds: UInt64(options.retryDelay * 1_000_000_000))
        }
    }

    /// Forgets `generation`'s backend (its owner went away); the next operation resolves anew.
    private func invalidate(_ generation: Int) {
        let stale: Backend? = state.withLock { state in
            // Only a remote backend is ever forgotten: a file this process owns stays open until shutdown.
            guard state.generation == generation, let backend = state.backend, case .remote = backend else { return nil }
            state.backend = nil
            return backend
        }
        if case .remote(let remote, _)? = stale { Task { await remote.shutdown() } }
    }

    /// Runs `operation` on the current backend, handing over when the owner is gone.
    private func run<T>(_ operation: (any DatabaseCoordinating) async throws -> T) async throws -> T {
        let (backend, generation) = try await current()
        do {
            return try await operation(backend.coordinator)
        } catch let error as RemoteCoordinatorError where error.isRetryable {
            invalidate(generation)
            guard case .ownerUnreachable = error else { throw error }
            // Nothing reached the owner: safe to run on whoever has the file now.
            let (next, _) = try await current()
            return try await operation(next.coordinator)
        }
    }

    // MARK: DatabaseCoordinating

    public func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        try await run { try await $0.read(sql, parameters) }
    }

    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        try await run { try await $0.write(sql, parameters, priority: priority) }
    }

    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        try await run { try await $0.bulkInsert(sql, rows: rows, priority: priority) }
    }

    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        try await run { try await $0.bulkInsert(into: table, columns: columns, rows: rows, priority: priority) }
    }

    @discardableResult
    public func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                           _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        try await run { try await $0.bulkAppend(into: table, columns: columns, rowCount: rowCount, priority: priority, body) }
    }

    @discardableResult
    public func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        try await run { try await $0.immediateWrite(sql, parameters) }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        try await run { try await $0.transaction(body) }
    }

    @discardableResult
    public func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        try await run { try await $0.perform(job, priority: priority) }
    }

    /// The engine of the backend in use (a file, or its owner: DuckDB; `--db-url` may name PostgreSQL).
    public var dialect: SQLDialect { state.withLock { $0.dialect } }

    public func flush() async throws {
        try await run { try await $0.flush() }
    }

    public func stats() async -> CoordinatorStats {
        if let stats = try? await run({ await $0.stats() }) { return stats }
        return CoordinatorStats(mode: options.mode, status: .stopped, path: options.path, config: options.config)
    }

    /// False when the backend does not answer; an owner that stopped answering is forgotten, so
    /// the next operation hands over.
    public func isHealthy() async -> Bool {
        guard let (backend, generation) = try? await current() else { return false }
        let healthy = await backend.coordinator.isHealthy()
        if !healthy, case .remote = backend { invalidate(generation) }
        return healthy
    }

    /// Owner: stops serving (record first), then commits queued writes and closes the file.
    /// Client: closes its sessions.
    public func shutdown() async {
        let backend = state.withLock { state -> Backend? in
            state.closed = true
            defer { state.backend = nil }
            return state.backend
        }
        switch backend {
        case .local(let db, let served)?:
            await served?.stop()
            await db.shutdown()
        case .remote(let remote, _)?:
            await remote.shutdown()
        case nil:
            break
        }
    }
}

extension SharedCoordinator: ReaderPoolReporting {
    /// Reads waiting for a reader of the file opened here; 0 while going through an owner.
    public var readerPoolWaiters: Int {
        state.withLock { state in
            guard case .local(let db, _)? = state.backend else { return 0 }
            return db.readerPoolWaiters
        }
    }
}
