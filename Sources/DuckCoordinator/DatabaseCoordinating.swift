import DuckDBKit

/// What services need from a database coordinator: reads, prioritised and batched writes,
/// bulk inserts, write jobs, transactions, stats and health, and which SQL engine answers.
/// `DatabaseCoordinator` conforms in both modes, `RemoteCoordinator` (DuckRemote) over the
/// wire to a sharp owner or a real PostgreSQL, so a service written against this protocol runs
/// on any of them.
///
/// ```swift
/// func latestSplits(_ db: some DatabaseCoordinating, game: String) async throws -> ResultSet {
///     try await db.read("SELECT * FROM betting_splits WHERE game_id = ?", [.string(game)])
/// }
/// ```
public protocol DatabaseCoordinating: Sendable {
    /// Runs a query on a reader connection and returns its rows.
    func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet
    /// Queues a write; returns rows changed once the batch holding it has committed.
    @discardableResult
    func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int
    /// Inserts many rows with one `INSERT INTO t [(cols)] VALUES (?, …)` statement, in one transaction.
    @discardableResult
    func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int
    /// Inserts many rows into `table`'s `columns`, in one transaction.
    @discardableResult
    func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int
    /// Inserts rows into `table`'s `columns` in one transaction through an appender: `body`
    /// appends exactly `rowCount` rows with typed appends (in `columns` order), ending each
    /// row. The fastest way in; ``bulkInsert(into:columns:rows:priority:appending:)`` wraps it.
    @discardableResult
    func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                    _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int
    /// Runs a write at once, outside batching (still one at a time with the writer).
    @discardableResult
    func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int
    /// Runs every statement of `job` (each once per parameter row) in one transaction on the
    /// writer; returns the rows each statement changed. A keyed job is applied at most once
    /// per database (see ``WriteJob`` and ``WriteKey``). The way to store one step's rows as
    /// one job: no thread, one writer job in process, one connection remotely.
    @discardableResult
    func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int]
    /// The SQL engine that runs this coordinator's statements.
    var dialect: SQLDialect { get }
    /// Runs `body` on the writer inside one transaction: everything commits together or not at all.
    /// (Remotely, `body` runs on a thread of its own and each statement is a round trip:
    /// prefer ``perform(_:priority:)`` when the statements are known up front.)
    func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T
    /// Returns once every write queued before the call has committed (or failed).
    func flush() async throws
    /// Current statistics.
    func stats() async -> CoordinatorStats
    /// Probes the writer and a reader; false when either fails or does not answer in time.
    func isHealthy() async -> Bool
    /// Stops intake, commits every queued write, then closes.
    func shutdown() async
}

extension DatabaseCoordinating {
    /// Runs a query without parameters.
    public func read(_ sql: String) async throws -> ResultSet { try await read(sql, []) }

    /// Queues a write with NORMAL priority.
    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue] = []) async throws -> Int {
        try await write(sql, parameters, priority: .normal)
    }

    /// Runs a write job with NORMAL priority.
    @discardableResult
    public func perform(_ job: WriteJob) async throws -> [Int] {
        try await perform(job, priority: .normal)
    }

    /// Bulk insert with NORMAL priority.
    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]]) async throws -> Int {
        try await bulkInsert(sql, rows: rows, priority: .normal)
    }

    /// Bulk insert into named columns with NORMAL priority.
    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]]) async throws -> Int {
        try await bulkInsert(into: table, columns: columns, rows: rows, priority: .normal)
    }

    /// Inserts `rows` into `table`'s `columns` in one transaction, the fast way: `append` adds one
    /// row's values to the appender with typed appends (in `columns` order); the coordinator ends
    /// each row. An error names the row. (Inlined into the caller, so the loop over `rows` is
    /// specialised for `Row`.)
    /// ```swift
    /// try await db.bulkInsert(into: "splits", columns: ["game_id", "money_pct"], rows: splits) { split, row in
    ///     try row.append(split.gameID)
    ///     try row.append(split.moneyPct)
    /// }
    /// ```
    @inlinable
    @discardableResult
    public func bulkInsert<Row: Sendable>(into table: String, columns: [String], rows: [Row],
                                          priority: OperationPriority = .normal,
                                          appending append: @escaping @Sendable (Row, Appender) throws -> Void) async throws -> Int {
        try await bulkAppend(into: table, columns: columns, rowCount: rows.count, priority: priority) { appender in
            for (number, row) in rows.enumerated() {
                do {
                    try append(row, appender)
                    try appender.endRow()
                } catch let error as DuckDBError {
                    throw DuckDBError(error.kind, message: "row \(number): \(error.message)")
                }
            }
        }
    }
}
