import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Synchronization

/// A keyed transaction's result: the body's value, or "this key committed before".
private enum KeyedOutcome<T: Sendable>: Sendable {
    case ran(T)
    case appliedBefore
}

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
/// Hand-over that never drops a caller: when the owner goes away (stopped, or killed) with an
/// operation in flight, that operation finds the file anew — the owner's successor, or this
/// process itself, which then opens and serves the file — and is sent again there: a read runs
/// again; a write, bulk insert, job or transaction carries the write key it was first sent with,
/// so the file applies it exactly once (see ``WriteKey``). The caller sees only the result, and
/// stderr one line per hand-over. A stale owner record (dead process, or no answer on its
/// socket) is ignored and replaced; a stopping owner's file is waited for.
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
        /// The pid of the owner just handed over from: while it lives it is stopping, and the
        /// file it still holds is waited for.
        var formerOwner: Int32?
        /// The backend generation the write-key ledger was made on.
        var ledgerGeneration = 0
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
            let formerOwnerStopping = state.withLock { $0.formerOwner }.map { kill($0, 0) == 0 || errno == EPERM } ?? false
            if attempts > options.lockRetries, OwnerRecord.live(for: path) == nil, !formerOwnerStopping {
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

    /// Forgets `generation`'s backend (its owner went away, `error` says how); the next
    /// operation resolves anew, waiting for that owner to let go of the file if it is stopping.
    private func invalidate(_ generation: Int, because error: RemoteCoordinatorError) {
        let stale: Backend? = state.withLock { state in
            // Only a remote backend is ever forgotten: a file this process owns stays open until shutdown.
            guard state.generation == generation, let backend = state.backend, case .remote(_, let owner) = backend else { return nil }
            state.backend = nil
            state.formerOwner = owner?.pid
            return backend
        }
        guard case .remote(let remote, let owner)? = stale else { return }
        let who = owner.map { "the owner of \(options.path) (pid \($0.pid))" } ?? "the server at \(remote.endpoint)"
        let what = if case .connectionLost = error { "with an operation in flight, which is sent again" } else { "" }
        options.announce("\(who) went away \(what); handing over".replacingOccurrences(of: "  ", with: " "))
        Task { await remote.shutdown() }
    }

    /// Runs `operation` on the current backend; when the owner goes away (the operation could
    /// not reach it, or its connection dropped with it in flight) the file is resolved again —
    /// its new owner, or this process itself — and the operation sent again, up to
    /// `handOverLimit` times. `resend` is true from the second send on: writes then carry
    /// the write key they were first sent with, so the owner applies them once.
    private func run<T>(_ operation: (_ database: any DatabaseCoordinating, _ resend: Bool) async throws -> T) async throws -> T {
        var handOvers = 0
        while true {
            let backend: Backend
            let generation: Int
            do {
                (backend, generation) = try await current()
            } catch let error as RemoteCoordinatorError where error.isRetryable && handOvers > 0 && handOvers < Self.handOverLimit {
                // The server named by --db-url is not back yet: wait a little and try again.
                handOvers += 1
                try await Task.sleep(nanoseconds: UInt64(handOvers) * 200_000_000)
                continue
            }
            do {
                return try await operation(backend.coordinator, handOvers > 0)
            } catch let error as RemoteCoordinatorError where error.isRetryable || (error == .shutDown && isStale(generation)) {
                // (`shutDown`: another operation handed this backend over while this one waited for it.)
                invalidate(generation, because: error)
                handOvers += 1
                if handOvers > Self.handOverLimit { throw error }
            }
        }
    }

    /// Whether `generation`'s backend has been handed over already.
    private func isStale(_ generation: Int) -> Bool {
        state.withLock { $0.generation != generation || $0.backend == nil }
    }

    /// How many times one operation follows its owner before its error is the caller's.
    static let handOverLimit = 8

    /// Whether an operation goes out with a write key: whenever it goes to another process
    /// (which may vanish with it in flight), and on every re-send.
    private static func keyed(_ database: any DatabaseCoordinating, _ resend: Bool) -> Bool {
        resend || database is RemoteCoordinator
    }

    /// Creates the write-key ledger on `database` once per backend (a keyed transaction's
    /// claim needs the table; keyed writes and jobs create it themselves).
    private func prepareLedger(_ database: any DatabaseCoordinating) async throws {
        let generation = state.withLock { $0.generation }
        guard state.withLock({ $0.ledgerGeneration != generation }) else { return }
        do {
            try await database.immediateWrite(WriteKeyLedger.createSQL, [])
        } catch let error as DuckDBError where error.kind == .constraint {
            // Created by another client at the same moment (PostgreSQL's catalog says so).
        }
        state.withLock { $0.ledgerGeneration = generation }
    }

    // MARK: DatabaseCoordinating

    /// Run again on the new owner when its owner goes away.
    public func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        try await run { database, _ in try await database.read(sql, parameters) }
    }

    /// Through an owner, with a write key: sent again after a hand-over, it is applied once.
    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        let key = WriteKey.random()
        return try await run { database, resend in
            guard Self.keyed(database, resend) else { return try await database.write(sql, parameters, priority: priority) }
            return try await database.perform(WriteJob(key: key, [.init(sql: sql, rows: [parameters])]), priority: priority)[0]
        }
    }

    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        let key = WriteKey.random()
        return try await run { database, resend in
            guard Self.keyed(database, resend) else { return try await database.bulkInsert(sql, rows: rows, priority: priority) }
            guard !rows.isEmpty else { return 0 }
            return try await database.perform(WriteJob(key: key, [.init(sql: sql, rows: rows)]), priority: priority)[0]
        }
    }

    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        let key = WriteKey.random()
        return try await run { database, resend in
            try await Self.bulkInsert(into: table, columns: columns, rows: rows, priority: priority,
                                      key: Self.keyed(database, resend) ? key : nil, on: database)
        }
    }

    /// Through an owner the body's rows are staged here once (a private DuckDB), then sent
    /// with a write key like ``bulkInsert(into:columns:rows:priority:)``.
    @discardableResult
    public func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                           _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        let key = WriteKey.random()
        let staged = Mutex<[[DuckDBValue]]?>(nil)
        return try await run { database, resend in
            guard Self.keyed(database, resend) else {
                return try await database.bulkAppend(into: table, columns: columns, rowCount: rowCount, priority: priority, body)
            }
            let rows: [[DuckDBValue]]
            if let done = staged.withLock({ $0 }) { rows = done } else {
                rows = try await RemoteCoordinator.stage(into: table, columns: columns, describedBy: database, body)
                staged.withLock { $0 = rows }
            }
            return try await Self.bulkInsert(into: table, columns: columns, rows: rows, priority: priority, key: key, on: database)
        }
    }

    /// A bulk insert into `database`, keyed when `key` is given (COPY in a transaction with the
    /// ledger row remotely; the rows as one keyed job in a file this process owns).
    private static func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority,
                                   key: WriteKey?, on database: any DatabaseCoordinating) async throws -> Int {
        guard let key else { return try await database.bulkInsert(into: table, columns: columns, rows: rows, priority: priority) }
        if let remote = database as? RemoteCoordinator {
            return try await remote.bulkInsert(into: table, columns: columns, rows: rows, priority: priority, key: key)
        }
        guard !rows.isEmpty, !columns.isEmpty else { return 0 }
        let sql = RemoteCoordinator.insertSQL(into: table, columns: columns)
        return try await database.perform(WriteJob(key: key, [.init(sql: sql, rows: rows)]), priority: priority)[0]
    }

    @discardableResult
    public func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        let key = WriteKey.random()
        return try await run { database, resend in
            guard Self.keyed(database, resend) else { return try await database.immediateWrite(sql, parameters) }
            return try await database.perform(WriteJob(key: key, [.init(sql: sql, rows: [parameters])]), priority: .critical)[0]
        }
    }

    /// Through an owner the transaction claims a write key first: sent again after a
    /// hand-over it runs again only if the first send did not commit. (If it did, and the
    /// body returns something other than `Void`, that value is lost with the connection: the
    /// retryable error is the caller's.)
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        let key = WriteKey.random()
        let outcome = try await run { database, resend -> KeyedOutcome<T> in
            guard Self.keyed(database, resend) else { return .ran(try await database.transaction(body)) }
            try await prepareLedger(database)
            return try await database.transaction { tx -> KeyedOutcome<T> in
                guard try tx.execute(WriteKeyLedger.claimSQL, [.string(key.rawValue)]) == 1 else { return .appliedBefore }
                let value = try body(tx)
                try tx.execute(WriteKeyLedger.recordSQL, [.string(key.rawValue), .string("")])
                return .ran(value)
            }
        }
        switch outcome {
        case .ran(let value): return value
        case .appliedBefore:
            if let nothing = () as? T { return nothing }
            throw RemoteCoordinatorError.resultLost(
                "a transaction through the owner of \(options.path) committed, but the owner went away before its result arrived")
        }
    }

    /// Through an owner the job carries a write key (its own, or a fresh one): applied once
    /// however often it is sent.
    @discardableResult
    public func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        let key = job.key ?? WriteKey.random()
        return try await run { database, resend in
            try await database.perform(Self.keyed(database, resend) || job.key != nil ? job.keyed(key) : job, priority: priority)
        }
    }

    /// The engine of the backend in use (a file, or its owner: DuckDB; `--db-url` may name PostgreSQL).
    public var dialect: SQLDialect { state.withLock { $0.dialect } }

    public func flush() async throws {
        try await run { database, _ in try await database.flush() }
    }

    public func stats() async -> CoordinatorStats {
        if let stats = try? await run({ database, _ in await database.stats() }) { return stats }
        return CoordinatorStats(mode: options.mode, status: .stopped, path: options.path, config: options.config)
    }

    /// Whether the file answers: an owner that stopped answering is handed over first (to its
    /// successor, or to this process), so a hand-over is not reported as a failed check.
    public func isHealthy() async -> Bool {
        let healthy = try? await run { database, _ in
            if await database.isHealthy() { return true }
            guard database is RemoteCoordinator else { return false }
            throw RemoteCoordinatorError.connectionLost(address: "\(options.path)'s owner (no answer to the health probe)")
        }
        return healthy ?? false
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
