import DuckDBKit
import Foundation
import Synchronization

/// Optimized mode: one open database, `readPoolSize` reader connections each on its own
/// thread, and one writer thread that commits writes by the configured flush policy.
///
/// Dropped without `shutdown()`, it still stops its threads: queued writes commit, the
/// connections close and the file is released once the last one has.
final class OptimizedCoordinator: DatabaseCoordinating, Sendable {
    let path: String
    let config: ConnectionConfig
    private let database: Database
    private let readers: BlockingThreadPool<PreparedStatementCache>
    let scheduler: WriteScheduler
    private let stats = StatsCollector()
    private let shapes = InsertShapeCache()
    /// See ``CatalogGeneration``: advanced by the writer, read by the readers' statement caches.
    let catalog = CatalogGeneration()
    private let stopped = Mutex(false)

    init(path: String, config: ConnectionConfig) throws {
        self.path = path
        self.config = config
        database = try Database(path: path, options: config.databaseOptions)
        var connections: [Connection] = []
        do {
            for _ in 0...config.readPoolSize { connections.append(try database.connect()) }
        } catch {
            connections.forEach { $0.close() }
            database.close()
            throw error
        }
        let writer = connections.removeLast()
        // Each reader keeps its prepared statements: a repeated read skips parse and plan.
        readers = BlockingThreadPool(name: "duck-reader", resources: connections.map { [catalog] in PreparedStatementCache(connection: $0, catalog: catalog) },
                                     interrupt: { $0.connection.interrupt() },
                                     // An interrupt repeated while a cancelled job runs can stop
                                     // that job's own ROLLBACK (`ReaderConnection.readOnly`), and
                                     // the reader would keep the transaction (a stale snapshot,
                                     // every later BEGIN refused): end it here, where no
                                     // interrupt reaches. Fails harmlessly when none is open.
                                     reset: { _ = try? $0.connection.execute("ROLLBACK") },
                                     close: { reader in
                                         reader.close()
                                         reader.connection.close()
                                     })
        scheduler = WriteScheduler(connection: writer, config: config, stats: stats, catalog: catalog)
    }

    func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        let started = monotonicNanos()
        do {
            let result = try await readers.run(timeout: config.connectionTimeout) { reader in
                reader.dropIfCatalogChanged()
                return try reader.query(sql, parameters)
            }
            stats.recordRead(milliseconds: millisecondsSince(started), failed: false)
            return result
        } catch {
            stats.recordRead(milliseconds: millisecondsSince(started), failed: true)
            throw error
        }
    }

    /// `body` with a pooled reader, on its thread; one read in the stats.
    func withReader<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        let started = monotonicNanos()
        do {
            let result = try await readers.run(timeout: config.connectionTimeout) { reader in
                reader.dropIfCatalogChanged()
                return try body(ReaderConnection(connection: reader.connection, cache: reader))
            }
            stats.recordRead(milliseconds: millisecondsSince(started), failed: false)
            return result
        } catch {
            stats.recordRead(milliseconds: millisecondsSince(started), failed: true)
            throw error
        }
    }

    /// The parameter types of `sql` as a reader prepares it (the statement stays cached there,
    /// until the catalog changes).
    func parameterTypeNames(of sql: String) async throws -> [String?] {
        try await readers.run(timeout: config.connectionTimeout) { reader in
            reader.dropIfCatalogChanged()
            return try reader.statement(sql).parameterTypeNames
        }
    }

    func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        let template = shapes.template(of: sql, parameterized: !parameters.isEmpty)
        return try await scheduler.submit(.statement(sql: sql, parameters: parameters, insert: template), priority: priority)
    }

    func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard let shape = shapes.shape(of: sql) else {
            throw CoordinatorError.invalidBulkInsert(
                "expected INSERT INTO table [(columns)] VALUES (?, …) with one ? per column, got: \(sql.prefix(120))")
        }
        return try await bulk(shape, rows, priority)
    }

    func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        try await bulk(try BulkShape.make(table: table, columns: columns), rows, priority)
    }

    func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                    _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        let shape = try BulkShape.make(table: table, columns: columns)
        if rowCount == 0 { return 0 }
        return try await scheduler.submit(.appended(insert: shape, count: rowCount, append: body), priority: priority)
    }

    private func bulk(_ shape: InsertStatement, _ rows: [[DuckDBValue]], _ priority: OperationPriority) async throws -> Int {
        try BulkShape.validate(rows, shape)
        if rows.isEmpty { return 0 }
        return try await scheduler.submit(.bulk(insert: shape, rows: rows), priority: priority)
    }

    var dialect: SQLDialect { .duckdb }

    /// One queued write: the job joins a batch (and its commit) like any other write.
    func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        if job.isEmpty { return job.statements.map { _ in 0 } }
        let counts = JobCounts()
        _ = try await scheduler.submit(.job(job, counts: counts), priority: priority)
        return counts.value
    }

    func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        let started = monotonicNanos()
        do {
            let changed = try await scheduler.exclusive { connection in try connection.execute(sql, parameters) }
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: false)
            return changed
        } catch {
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: true, error: error)
            throw error
        }
    }

    /// Counted as one write in the stats, as in legacy mode.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        let started = monotonicNanos()
        do {
            let result = try await scheduler.exclusive { connection in
                try connection.transaction { try body(TransactionContext(connection: $0)) }
            }
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: false)
            return result
        } catch {
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: true, error: error)
            throw error
        }
    }

    func flush() async throws { await scheduler.flush() }

    /// Reads waiting for a reader thread.
    var readerWaiting: Int { readers.waiting }

    func stats() async -> CoordinatorStats {
        stats.snapshot(mode: .optimized, path: path, config: config, readPoolSize: readers.size,
                       queueSize: scheduler.queueSize, highWater: scheduler.highWater,
                       stopped: stopped.withLock { $0 })
    }

    func isHealthy() async -> Bool {
        if stopped.withLock({ $0 }) { return false }
        let timeout = config.healthProbeTimeout
        async let writer = withDeadline(seconds: timeout) { [scheduler] in
            try await scheduler.exclusive { connection in try connection.query("SELECT 1 AS ok")[0]["ok", as: Int.self] }
        }
        async let reader = withDeadline(seconds: timeout) { [readers] in
            try await readers.run(timeout: timeout) { reader in try reader.connection.query("SELECT 1 AS ok")[0]["ok", as: Int.self] }
        }
        let (w, r) = await (writer, reader)
        if case .success(1)? = w, case .success(1)? = r { return true }
        return false
    }

    func shutdown() async {
        let first: Bool = stopped.withLock { isStopped in
            defer { isStopped = true }
            return !isStopped
        }
        await scheduler.shutdown()
        await readers.shutdown()
        if first { database.close() }
    }

    deinit {
        // Not shut down by its owner: let the threads finish and close (the scheduler does
        // the same when it is released right after this).
        readers.stop()
    }
}

/// Shapes and checks for bulk inserts.
enum BulkShape {
    static func make(table: String, columns: [String]) throws -> InsertStatement {
        guard !columns.isEmpty else { throw CoordinatorError.invalidBulkInsert("no columns given for \(table)") }
        let target: String, quotedColumns: [String]
        do {
            target = try SQLIdentifier.qualified(table)
            quotedColumns = try columns.map { try SQLIdentifier.quoted($0) }
        } catch let error as DuckDBError {
            throw CoordinatorError.invalidBulkInsert("\(error.message) in \(table) (\(columns.joined(separator: ", ")))")
        }
        let sql = "INSERT INTO \(target) (\(quotedColumns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        guard let shape = InsertStatement(sql) else {
            throw CoordinatorError.invalidBulkInsert("cannot insert into \(table) (\(columns.joined(separator: ", ")))")
        }
        return shape
    }

    static func validate(_ rows: [[DuckDBValue]], _ shape: InsertStatement) throws {
        for (number, row) in rows.enumerated() where row.count != shape.placeholders {
            throw CoordinatorError.invalidBulkInsert(
                "row \(number) has \(row.count) values; \(shape.table) takes \(shape.placeholders) here")
        }
    }
}
