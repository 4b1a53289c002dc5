import DuckDBKit
import Foundation

/// The database coordinator of the migration guide: one API over two modes.
///
/// - `.optimized`: a pool of reader connections runs reads in parallel; one writer commits
///   writes in prioritised batches (CRITICAL at once), coalescing single-row INSERTs.
/// - `.legacy`: a file lock around open–run–close for every operation (rollback path, and
///   several processes can share the file).
///
/// ```swift
/// let db = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", mode: .optimized, config: .preGameWorkflow)
/// try await db.write("INSERT INTO sharp_signals VALUES (?, ?, ?)", [game, "home", 72.5], priority: .critical)
/// let rows = try await db.read("SELECT * FROM sharp_signals WHERE game_id = ?", [game])
/// print(await db.stats().writeQueueSize)
/// await db.shutdown()
/// ```
/// Rolling back to legacy is one argument: `mode: .legacy`.
public final class DatabaseCoordinator: DatabaseCoordinating {
    /// The mode in effect.
    public let mode: CoordinatorMode
    /// The database file.
    public let path: String
    /// The configuration in effect.
    public let config: ConnectionConfig
    let backend: any DatabaseCoordinating

    /// Opens the database at `path` (created when missing; its folder must exist).
    /// - Throws: `CoordinatorError.invalidConfig` naming a bad field, or `DuckDBError` when
    ///   the database cannot be opened (e.g. `lockConflict` when another process holds it).
    public init(path: String, mode: CoordinatorMode = .optimized, config: ConnectionConfig = .production) throws {
        try config.validate()
        self.mode = mode
        self.path = path
        self.config = config
        switch mode {
        case .optimized: backend = try OptimizedCoordinator(path: path, config: config)
        case .legacy: backend = try LegacyCoordinator(path: path, config: config)
        }
    }

    public func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        try await backend.read(sql, parameters)
    }

    /// DuckDB's inferred type name of each parameter of `sql` (nil where it cannot tell), from
    /// preparing it on a reader; empty in legacy mode, which keeps no connection to ask.
    ///
    /// ```swift
    /// try await db.parameterTypeNames(of: "SELECT * FROM games WHERE game_id = ?") // ["BIGINT"]
    /// ```
    /// - Throws: `DuckDBError` when `sql` does not prepare (unknown table, syntax, …).
    public func parameterTypeNames(of sql: String) async throws -> [String?] {
        guard let optimized = backend as? OptimizedCoordinator else { return [] }
        return try await optimized.parameterTypeNames(of: sql)
    }

    /// The catalog's generation (see ``CatalogGeneration``): what was derived from the catalog
    /// under one value is stale once it reads another. Nil in legacy mode, where other
    /// processes change the file unseen: derive anew every time.
    ///
    /// ```swift
    /// let seen = db.catalogGeneration
    /// let types = try await db.parameterTypeNames(of: sql)   // reuse while db.catalogGeneration == seen
    /// ```
    public var catalogGeneration: UInt64? {
        (backend as? OptimizedCoordinator)?.catalog.current
    }

    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        try await backend.write(sql, parameters, priority: priority)
    }

    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        try await backend.bulkInsert(sql, rows: rows, priority: priority)
    }

    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]],
                           priority: OperationPriority) async throws -> Int {
        try await backend.bulkInsert(into: table, columns: columns, rows: rows, priority: priority)
    }

    @discardableResult
    public func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority = .normal,
                           _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        try await backend.bulkAppend(into: table, columns: columns, rowCount: rowCount, priority: priority, body)
    }

    @discardableResult
    public func immediateWrite(_ sql: String, _ parameters: [DuckDBValue] = []) async throws -> Int {
        try await backend.immediateWrite(sql, parameters)
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        try await backend.transaction(body)
    }

    /// Always ``SQLDialect/duckdb``.
    public var dialect: SQLDialect { .duckdb }

    @discardableResult
    public func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        try await backend.perform(job, priority: priority)
    }

    public func flush() async throws { try await backend.flush() }

    public func stats() async -> CoordinatorStats { await backend.stats() }

    public func isHealthy() async -> Bool { await backend.isHealthy() }

    public func shutdown() async { await backend.shutdown() }
}

extension DatabaseCoordinator {
    /// Reads waiting for a reader connection now (legacy mode: 0; its lock waits are in
    /// `stats().lockWaitMs`). Sampled for `sharp_reader_pool_waiters`.
    ///
    /// ```swift
    /// if db.readerPoolWaiters > db.config.readPoolSize { /* reads are queueing */ }
    /// ```
    public var readerPoolWaiters: Int { (backend as? OptimizedCoordinator)?.readerWaiting ?? 0 }
}
