import DuckDBKit
import Synchronization

/// What one queued write runs on the writer connection.
enum WriteWork: Sendable {
    /// One statement; `insert` is set when it is a single-row INSERT of parameters and literals
    /// (which may join an appender run).
    case statement(sql: String, parameters: [DuckDBValue], insert: InsertTemplate?)
    /// Many rows through one INSERT shape, in one go.
    case bulk(insert: InsertStatement, rows: [[DuckDBValue]])
    /// Many rows the caller appends itself with typed appends (`count` rows).
    case appended(insert: InsertStatement, count: Int, append: @Sendable (Appender) throws -> Void)
    /// Several statements in the batch's transaction (keyed: at most once, see `WriteKeyLedger`);
    /// the per-statement counts of the run that committed are left in `counts`.
    case job(WriteJob, counts: JobCounts)

    var isKeyed: Bool {
        if case .job(let job, _) = self { job.key != nil } else { false }
    }

    /// Rows this write holds when it succeeds (statements count 1): what batch sizes count.
    var rowCount: Int {
        switch self {
        case .statement: 1
        case .bulk(_, let rows): rows.count
        case .appended(_, let count, _): count
        case .job(let job, _): max(1, job.runCount)
        }
    }
}

/// Where a job's per-statement counts come back from the writer (the batch's results carry
/// one number per write). Written by the writer thread before the job's caller resumes.
final class JobCounts: Sendable {
    private let counts = Mutex<[Int]>([])

    var value: [Int] {
        get { counts.withLock { $0 } }
        set { counts.withLock { $0 = newValue } }
    }
}
