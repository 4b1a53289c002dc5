import DuckDBKit

/// Prepared statements of one connection, by SQL text, so a statement run again skips DuckDB's
/// parse and plan. Used on the connection's own thread only. At most `capacity` statements are
/// kept; the oldest is closed first.
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

    init(connection: Connection, capacity: Int = 64) {
        self.connection = connection
        self.capacity = capacity
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
