import DuckDBKit

/// A statement over many rows in the form an in-process DuckDB writer runs fastest: the rows
/// are appended into a temporary staging table (no SQL parsed per row or per value), then one
/// or more statements read them from there (`INSERT … SELECT … ON CONFLICT`, `UPDATE … FROM`),
/// then the staging table is emptied. The statements are prepared once per connection and
/// reused, so a job costs DuckDB no planning of a statement the size of its rows (a multi-row
/// `INSERT … VALUES` of a few hundred rows spends tens of milliseconds in DuckDB's parser,
/// binder and planner).
///
/// It is the alternative form of one or more ``WriteJob/Statement``s: a DuckDB writer in this
/// process runs it instead of the `sql` and `rows` of the statement holding it and of the
/// ``covers`` − 1 statements after it; every other engine (a sharp owner, PostgreSQL) runs
/// their `sql`. Both forms must make the same change and count the same rows, statement by
/// statement: each ``Step`` says which of the covered statements its count belongs to. One
/// staged form may stand for several statements because DuckDB's `INSERT … ON CONFLICT` costs
/// milliseconds per statement whatever its row count (it is planned as a `MERGE INTO`): one
/// insert of every feed's rows, counted per feed through `RETURNING`, costs about one feed's.
///
/// ```swift
/// let columns = ["game_id", "home"]
/// let stage = StagedStatement.stagingTable(for: "games", columns: columns)
/// let staged = StagedStatement(table: "games", columns: columns, rows: [[1, "NYM"], [2, "BOS"]],
///     sql: "INSERT INTO games (game_id, home) SELECT game_id, home FROM \(stage) ON CONFLICT DO NOTHING")
/// job.statements.append(WriteJob.Statement(sql: multiRowInsertSQL, rows: [allValues], staged: staged))
///
/// // Two statements (one per feed) in one insert, counted per feed:
/// let both = StagedStatement(table: "splits", columns: columns, rows: rowsOfBothFeeds, steps: [
///     .init(sql: "INSERT INTO splits SELECT * FROM \(stage) ON CONFLICT DO NOTHING RETURNING source",
///           counted: .returned(offsets: [["sbd"]: 0, ["vsin"]: 1])),
/// ], covers: 2)
/// ```
///
/// Contract: every row has `columns.count` values, in `columns` order; the staging table has
/// the types of `table`'s columns (it is made from them: `CREATE TEMP TABLE … AS SELECT columns
/// FROM table LIMIT 0`); each step reads the rows only through ``stagingTable(for:columns:)``
/// and runs inside the job's transaction, so a failure leaves neither the rows nor the staging
/// table's contents behind. Every offset is below ``covers``; a `.returned` step returns only
/// rows whose values its `offsets` holds. `table`, `columns` and the steps' SQL are trusted SQL
/// text from code.
public struct StagedStatement: Sendable {
    /// One statement run over the staged rows, and which covered statement its count is for.
    public struct Step: Sendable {
        /// The statement (it reads the rows as ``StagedStatement/stagingTable``).
        public var sql: String
        /// How its count is read.
        public var counted: Counting

        public init(sql: String, counted: Counting) {
            self.sql = sql
            self.counted = counted
        }
    }

    /// How a ``Step``'s count is read, as offsets from the statement holding the staged form.
    public enum Counting: Sendable {
        /// The rows the step changed are the count of the statement at `offset`.
        case changed(offset: Int)
        /// The step ends in `RETURNING …` and returns one row per row it changed; a returned
        /// row counts for the statement at `offsets[its values]`.
        case returned(offsets: [[DuckDBValue]: Int])
    }

    /// The table whose columns (and their types) the staging table copies.
    public var table: String
    /// The staged columns, in row order.
    public var columns: [String]
    /// The rows, each in `columns` order.
    public var rows: [[DuckDBValue]]
    /// The statements run over the staged rows, in order.
    public var steps: [Step]
    /// How many statements of the job this form stands for: the one holding it and the ones
    /// right after it (a writer running the staged form skips those).
    public var covers: Int

    /// One statement over the rows, standing for the statement that holds it.
    public init(table: String, columns: [String], rows: [[DuckDBValue]], sql: String) {
        self.init(table: table, columns: columns, rows: rows, steps: [Step(sql: sql, counted: .changed(offset: 0))], covers: 1)
    }

    /// `steps` over the rows, standing for `covers` statements of the job.
    public init(table: String, columns: [String], rows: [[DuckDBValue]], steps: [Step], covers: Int) {
        self.table = table
        self.columns = columns
        self.rows = rows
        self.steps = steps
        self.covers = covers
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

    /// Runs the staged form on `connection`, inside its current transaction: stages the rows,
    /// runs the steps and empties the staging table. Returns the count of each covered
    /// statement (``covers`` of them). `statements` caches the prepared steps and the
    /// emptying `DELETE` across calls.
    /// - Throws: `DuckDBError` naming the failing step's SQL (a `.returned` row no offset
    ///   names is one: the staged form does not match its statements), or, before anything
    ///   runs, for a step counting outside ``covers``.
    func run(on connection: Connection, statements: PreparedStatementCache?) throws -> [Int] {
        var counts = [Int](repeating: 0, count: covers)
        let offsets = steps.flatMap { step -> [Int] in
            switch step.counted {
            case .changed(let offset): [offset]
            case .returned(let offsets): Array(offsets.values)
            }
        }
        if let stray = offsets.first(where: { !counts.indices.contains($0) }) {
            throw DuckDBError(.other, message: "a step counts for statement offset \(stray), outside the \(covers) statement(s) the staged form stands for")
        }
        if rows.isEmpty { return counts }
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
        for step in steps {
            do {
                switch step.counted {
                case .changed(let offset):
                    counts[offset] += try execute(step.sql, on: connection, statements: statements)
                case .returned(let offsets):
                    for row in try query(step.sql, on: connection, statements: statements).rows {
                        guard let offset = offsets[row.values] else {
                            throw DuckDBError(.other, message: "the staged statement returned \(row.values), which none of its \(covers) statement(s) stands for")
                        }
                        counts[offset] += 1
                    }
                }
            } catch let error as DuckDBError {
                throw DuckDBError(error.kind, message: error.message, sql: step.sql)
            }
        }
        _ = try execute("DELETE FROM \(stage)", on: connection, statements: statements)
        return counts
    }

    private func execute(_ sql: String, on connection: Connection, statements: PreparedStatementCache?) throws -> Int {
        guard let statements else { return try connection.execute(sql) }
        return try statements.statement(sql).execute()
    }

    private func query(_ sql: String, on connection: Connection, statements: PreparedStatementCache?) throws -> ResultSet {
        guard let statements else { return try connection.query(sql) }
        return try statements.statement(sql).query()
    }
}
