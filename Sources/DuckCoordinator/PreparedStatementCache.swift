import DuckDBKit

/// Prepared statements of one connection, by SQL text, so a statement run again skips DuckDB's
/// parse and plan. Used on the connection's own thread only. At most `capacity` statements are
/// kept; the oldest is closed first. With a ``CatalogGeneration``, ``dropIfCatalogChanged()``
/// closes every statement once the catalog may have changed (DuckDB would re-bind one at
/// execution, but the parameter types it reports stay those of its first bind).
///
/// Lifetime: a statement belongs to the cache's connection, is used and closed on that
/// connection's thread only, and never outlives it (``close()`` runs before the connection
/// closes). A catalog change closes statements only in ``dropIfCatalogChanged()``, which the
/// reader pool calls before it lends the cache to a job, never while a job may hold one.
///
/// ```swift
/// let cache = PreparedStatementCache(connection: connection)
/// let statement = try cache.statement("SELECT * FROM splits WHERE id = ?")
/// try statement.bind([.int(42)])
/// let rows = try statement.query()
/// ```
final class PreparedStatementCache {
    let connection: Connection
    private let capacity: Int
    private var statements: [String: PreparedStatement] = [:]
    private var order: [String] = []
    private let catalog: CatalogGeneration?
    /// The catalog's generation the cached statements were prepared under.
    private var preparedUnder: UInt64 = 0

    init(connection: Connection, capacity: Int = 64, catalog: CatalogGeneration? = nil) {
        self.connection = connection
        self.capacity = capacity
        self.catalog = catalog
        preparedUnder = catalog?.current ?? 0
    }

    /// Closes every cached statement when the catalog's generation moved since they were
    /// prepared. Call between jobs only (no statement of this cache in use).
    func dropIfCatalogChanged() {
        guard let catalog else { return }
        let now = catalog.current
        guard now != preparedUnder else { return }
        close()
        preparedUnder = now
    }

    /// The prepared statement for `sql`, prepared now if it is not cached.
    func statement(_ sql: String) throws -> PreparedStatement {
        if let statement = statements[sql] { return statement }
        let statement = try connection.prepare(sql)
        statements[sql] = statement
        order.append(sql)
        if order.count > capacity { statements.removeValue(forKey: order.removeFirst())?.close() }
        return statement
    }

    /// Runs a query: with parameters through a cached statement, without as plain SQL (which
    /// may hold several statements).
    func query(_ sql: String, _ parameters: [DuckDBValue]) throws -> ResultSet {
        if parameters.isEmpty { return try connection.query(sql) }
        let statement = try statement(sql)
        try statement.bind(parameters)
        return try statement.query()
    }

    /// Closes every cached statement (before the connection closes).
    func close() {
        for statement in statements.values { statement.close() }
        statements = [:]
        order = []
    }
}
