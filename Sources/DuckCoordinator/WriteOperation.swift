import DuckDBKit

/// One queued write: what to run, its priority and place in line, and whom to tell.
final class WriteOperation: @unchecked Sendable {
    enum Work {
        /// One statement; `insert` is set when it has the coalescible single-row INSERT shape.
        case statement(sql: String, parameters: [DuckDBValue], insert: InsertStatement?)
        /// Many rows through one INSERT shape, in one go.
        case bulk(insert: InsertStatement, rows: [[DuckDBValue]])
        /// Many rows the caller appends itself with typed appends (`count` rows).
        case appended(insert: InsertStatement, count: Int, append: (Appender) throws -> Void)
    }

    enum State { case new, queued, taken, cancelled }

    let work: Work
    let priority: OperationPriority
    var sequence: UInt64 = 0
    var enqueuedAt: UInt64 = 0
    var state = State.new
    var completion: ((Result<Int, Error>) -> Void)?

    init(work: Work, priority: OperationPriority) {
        self.work = work
        self.priority = priority
    }

    /// Rows this operation writes when it succeeds (statements report their own count).
    var rowCount: Int {
        switch work {
        case .statement: 1
        case .bulk(_, let rows): rows.count
        case .appended(_, let count, _): count
        }
    }
}
