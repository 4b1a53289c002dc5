import DuckDBKit

/// What one queued write runs on the writer connection.
enum WriteWork: Sendable {
    /// One statement; `insert` is set when it is a single-row INSERT of parameters and literals
    /// (which may join an appender run).
    case statement(sql: String, parameters: [DuckDBValue], insert: InsertTemplate?)
    /// Many rows through one INSERT shape, in one go.
    case bulk(insert: InsertStatement, rows: [[DuckDBValue]])
    /// Many rows the caller appends itself with typed appends (`count` rows).
    case appended(insert: InsertStatement, count: Int, append: @Sendable (Appender) throws -> Void)

    /// Rows this write holds when it succeeds (statements count 1): what batch sizes count.
    var rowCount: Int {
        switch self {
        case .statement: 1
        case .bulk(_, let rows): rows.count
        case .appended(_, let count, _): count
        }
    }
}
