import DuckDBKit

/// A reader connection lent to a body that runs on that reader's own thread (see
/// ``DatabaseCoordinator/withReader(_:)``): the pooled reader in optimized mode, with its
/// cache of prepared statements; a connection opened under the file lock in legacy mode.
///
/// ```swift
/// let count = try await db.withReader { reader in
///     try reader.withStatement("SELECT count(*) FROM games WHERE game_date = $1") { statement in
///         try statement.bind([.date(today)])
///         return try statement.query().rows.count
///     }
/// }
/// ```
/// Contract: use it only inside the body, on the thread that runs the body; leave the
/// connection outside any transaction when the body returns.
public struct ReaderConnection {
    /// The connection itself (its statements run on this thread).
    public let connection: Connection
    let cache: PreparedStatementCache?

    init(connection: Connection, cache: PreparedStatementCache?) {
        self.connection = connection
        self.cache = cache
    }

    /// A connection lent without a statement cache (a held writer's, say), for code written
    /// against readers.
    public init(connection: Connection) {
        self.init(connection: connection, cache: nil)
    }

    /// Runs `body` with `sql` prepared (one statement): a pooled reader keeps it for the next
    /// call with the same text; otherwise it is closed when `body` returns.
    /// - Throws: `DuckDBError` when `sql` does not prepare, or what `body` throws.
    public func withStatement<T>(_ sql: String, _ body: (PreparedStatement) throws -> T) throws -> T {
        if let cache { return try body(try cache.statement(sql)) }
        let statement = try connection.prepare(sql)
        defer { statement.close() }
        return try body(statement)
    }

    /// `body` inside `BEGIN TRANSACTION READ ONLY` … `COMMIT` (ROLLBACK when it throws): DuckDB
    /// itself refuses any write the body's statements attempt (SQLSTATE 42501 on the wire).
    public func readOnly<T>(_ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN TRANSACTION READ ONLY")
        do {
            let value = try body()
            try connection.execute("COMMIT")
            return value
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}

extension DatabaseCoordinator {
    /// Runs `body` with a reader connection, on that reader's thread (never the caller's):
    /// for what ``read(_:_:)`` cannot express, such as a result streamed chunk by chunk or a
    /// read-only transaction. Counted as one read in the stats. Cancelling the caller
    /// interrupts the running statement (optimized mode).
    ///
    /// ```swift
    /// let rows = try await db.withReader { reader in
    ///     try reader.readOnly { try reader.connection.query("SELECT * FROM games") }
    /// }
    /// ```
    /// - Throws: `CoordinatorError.connectionTimeout` when no reader frees up in time, what
    ///   `body` throws, `CoordinatorError.shutDown` after shutdown.
    public func withReader<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        switch backend {
        case let optimized as OptimizedCoordinator: try await optimized.withReader(body)
        case let legacy as LegacyCoordinator: try await legacy.withReader(body)
        default: throw CoordinatorError.shutDown
        }
    }

    /// ``read(_:_:)`` in a read-only transaction when `readOnly`: DuckDB refuses a write hidden
    /// in the statement (`WITH … DELETE`, `nextval`, `EXPLAIN ANALYZE UPDATE …`).
    public func read(_ sql: String, _ parameters: [DuckDBValue], readOnly: Bool) async throws -> ResultSet {
        guard readOnly else { return try await read(sql, parameters) }
        return try await withReader { reader in
            try reader.readOnly {
                try reader.withStatement(sql) { statement in
                    try statement.bind(parameters)
                    return try statement.query()
                }
            }
        }
    }
}
