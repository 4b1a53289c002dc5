import DuckDBKit

/// A statement over many rows in the form an in-process DuckDB writer runs fastest: the rows
/// are appended into a temporary staging table (no SQL parsed per row or per value), then one
/// statement reads them from there (`INSERT … SELECT … ON CONFLICT`, `UPDATE … FROM`), then the
/// staging table is emptied. The two statements are prepared once per connection and reused,
/// so a job costs DuckDB no planning of a statement the size of its rows (a multi-row
/// `INSERT … VALUES` of a few hundred rows spends tens of milliseconds in DuckDB's parser,
/// binder and planner).
///
/// It is the alternative form of a ``WriteJob/Statement``: a DuckDB writer in this process runs
/// it instead of the statement's `sql` and `rows`; every other engine (a sharp owner, PostgreSQL)
/// runs `sql`. Both forms must make the same change and count the same rows.
///
/// ```swift
/// let columns = ["game_id", "home"]
/// let stage = StagedStatement.stagingTable(for: "games", columns: columns)
/// let staged = StagedStatement(table: "games", columns: columns, rows: [[1, "NYM"], [2, "BOS"]],
///     sql: "INSERT INTO games (game_id, home) SELECT game_id, home FROM \(stage) ON CONFLICT DO NOTHING")
/// job.statements.append(WriteJob.Statement(sql: multiRowInsertSQL, rows: [allValues], staged: staged))
/// ```
///
/// Contract: every row has `columns.count` values, in `columns` order; the staging table has
/// the types of `table`'s columns (it is made from them: `CREATE TEMP TABLE … AS SELECT columns
/// FROM table LIMIT 0`); `sql` reads the rows only through ``stagingTable(for:columns:)`` and
/// runs inside the job's transaction, so a failure leaves neither the rows nor the staging
/// table's contents behind. `table`, `columns` and `sql` are trusted SQL text from code.
public struct StagedStatement: Sendable {
    /// The table whose columns (and their types) the staging table copies.
    public var table: String
    /// The staged columns, in row order.
    public var columns: [String]
    /// The rows, each in `columns` order.
    public var rows: [[DuckDBValue]]
    /// The statement run once over the staged rows (it reads them as ``stagingTable``).
    public var sql: String

    public init(table: String, columns: [String], rows: [[DuckDBValue]], sql: String) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.sql = sql
    }

    /// The staging table of these rows.
    public var stagingTable: String { Self.stagingTable(for: table, columns: columns) }

    /// The temporary table holding rows of `columns` of `table`: one per table and column list
    /// (its name carries a hash of the list), private to the connection.
    public static func stagingTable(for table: String, columns: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, stable across runs (unlike Hasher)
        for byte in columns.joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
        }
        let name = table.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        return "sharp_staged_\(name)_\(String(hash, radix: 16))"
    }

    /// Runs the statement on `connection`, inside its current transaction: stages the rows,
    /// runs ``sql`` and empties the staging table. Returns the rows ``sql`` changed.
    /// `statements` caches the prepared ``sql`` and the emptying `DELETE` across calls.
    func run(on connection: Connection, statements: PreparedStatementCache?) throws -> Int {
        if rows.isEmpty { return 0 }
        let stage = stagingTable
        // The staging table usually exists (made by an earlier job on this connection): opening
        // its appender is the check. It does not after a rollback of the job that made it.
        let appender: Appender
        if let existing = try? connection.appender(table: stage, catalog: "temp") {
            appender = existing
        } else {
            try connection.execute("""
                CREATE TEMP TABLE IF NOT EXISTS \(stage) AS SELECT \(columns.joined(separator: ", ")) FROM \(table) LIMIT 0
                """)
            appender = try connection.appender(table: stage, catalog: "temp")
        }
        do {
            for row in rows { try appender.appendRow(row) }
            try appender.close()
        } catch {
            try? appender.clear()
            try? appender.close()
            throw error
        }
        let changed = try execute(sql, on: connection, statements: statements)
        _ = try execute("DELETE FROM \(stage)", on: connection, statements: statements)
        return changed
    }

    private func execute(_ sql: String, on connection: Connection, statements: PreparedStatementCache?) throws -> Int {
        guard let statements else { return try connection.execute(sql) }
        return try statements.statement(sql).execute()
    }
}
