import DuckDBKit
import Foundation
import Synchronization

/// Legacy mode, made correct: every operation takes an exclusive lock on `<path>.lock`
/// (polling until the lock timeout), opens the database, runs, closes it and unlocks. Nothing
/// stays open between operations, so several processes can share one file this way.
final class LegacyCoordinator: DatabaseCoordinating, Sendable {
    let path: String
    let lockPath: String
    let config: ConnectionConfig
    private let workers: BlockingThreadPool<Void>
    private let stats = StatsCollector(mode: .legacy)
    private let shapes = InsertShapeCache()
    private let stopped = Mutex(false)

    init(path: String, config: ConnectionConfig) throws {
        self.path = path
        self.lockPath = path + ".lock"
        self.config = config
        // Fail early with a clear message when the folder is missing or not writable (before
        // any thread starts, so a failed construction leaves nothing running).
        let (lock, _) = try FileLock.acquire(lockPath, timeout: config.lockTimeout, poll: config.lockPollInterval)
        lock.release()
        // Blocking lock waits and DuckDB calls run here, never on Swift's cooperative pool.
        // One thread: every operation holds the exclusive lock anyway, and two threads of one
        // process polling the same flock starve each other (the one that just unlocked
        // re-locks at once while the other sleeps a poll interval), until `lockTimeout`.
        // In-process operations wait in the pool's FIFO queue instead; only other processes
        // are waited for by polling.
        workers = BlockingThreadPool(name: "duck-legacy", resources: [()])
    }

    deinit { workers.stop() }

    /// Lock, open, run `body`, close, unlock — on a worker thread.
    private func locked<T: Sendable>(timeout: Double, isWrite: Bool,
                                     _ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        if stopped.withLock({ $0 }) { throw CoordinatorError.shutDown }
        let started = monotonicNanos()
        let (path, lockPath, poll, stats, options) = (path, lockPath, config.lockPollInterval, stats, config.databaseOptions)
        do {
            let result = try await workers.run(timeout: nil) { _ in
                let deadline = monotonicNanos() + UInt64(timeout * 1_000_000_000)
                let (lock, waited) = try FileLock.acquire(lockPath, timeout: timeout, poll: poll)
                defer { lock.release() }
                stats.recordLockWait(milliseconds: waited * 1_000)
                if waited >= LegacyLockLog.slowWaitSeconds { LegacyLockLog.slowWait(path: lockPath, seconds: waited, isWrite: isWrite) }
                // A process outside this protocol (an optimized coordinator, the duckdb CLI) may
                // hold the file itself: keep polling until the same deadline.
                var database: Database?
                while database == nil {
                    do { database = try Database(path: path, options: options) } catch let error as DuckDBError
                        where error.kind == .lockConflict && monotonicNanos() < deadline {
                        usleep(useconds_t(poll * 1_000_000))
                    }
                }
                defer { database?.close() }
                let connection = try database!.connect()
                defer { connection.close() }
                return try body(connection)
            }
            if isWrite {
                stats.recordWrite(milliseconds: millisecondsSince(started), failed: false)
            } else {
                stats.recordRead(milliseconds: millisecondsSince(started), failed: false)
            }
            return result
        } catch {
            if isWrite {
                stats.recordWrite(milliseconds: millisecondsSince(started), failed: true, error: error)
            } else {
                stats.recordRead(milliseconds: millisecondsSince(started), failed: true)
            }
            throw error
        }
    }

    func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        try await locked(timeout: config.readLockTimeout, isWrite: false) { try $0.query(sql, parameters) }
    }

    /// `body` with a connection opened under the file lock; one read in the stats.
    func withReader<T: Sendable>(_ body: @escaping @Sendable (ReaderConnection) throws -> T) async throws -> T {
        try await locked(timeout: config.readLockTimeout, isWrite: false) { try body(ReaderConnection(connection: $0, cache: nil)) }
    }

    func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        let changed = try await locked(timeout: config.lockTimeout, isWrite: true) { try $0.execute(sql, parameters) }
        stats.recordBatch(rows: changed, coalesced: 0)
        return changed
    }

    func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard let shape = shapes.shape(of: sql) else {
            throw CoordinatorError.invalidBulkInsert(
                "expected INSERT INTO table [(columns)] VALUES (?, …) with one ? per column, got: \(sql.prefix(120))")
        }
        return try await bulk(shape, rows)
    }

    func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        try await bulk(try BulkShape.make(table: table, columns: columns), rows)
    }

    func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                    _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        let shape = try BulkShape.make(table: table, columns: columns)
        if rowCount == 0 { return 0 }
        return try await run(.appended(insert: shape, count: rowCount, append: body))
    }

    private func bulk(_ shape: InsertStatement, _ rows: [[DuckDBValue]]) async throws -> Int {
        try BulkShape.validate(rows, shape)
        if rows.isEmpty { return 0 }
        return try await run(.bulk(insert: shape, rows: rows))
    }

    /// Runs one bulk operation under the lock, in its own transaction.
    private func run(_ work: WriteWork) async throws -> Int {
        let changed = try await locked(timeout: config.lockTimeout, isWrite: true) { connection in
            let executor = BatchExecutor(connection: connection)
            defer { executor.close() }
            return try executor.execute([work]).results[0].get()
        }
        stats.recordBatch(rows: changed, coalesced: 0)
        return changed
    }

    func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        try await write(sql, parameters, priority: .critical)
    }

    var dialect: SQLDialect { .duckdb }

    /// Under the lock, in one transaction of its own.
    func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        if job.isEmpty { return job.statements.map { _ in 0 } }
        let counts = JobCounts()
        _ = try await run(.job(job, counts: counts))
        return counts.value
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        try await locked(timeout: config.lockTimeout, isWrite: true) { connection in
            try connection.transaction { try body(TransactionContext(connection: $0)) }
        }
    }

    /// Legacy writes are durable when they return; nothing waits.
    func flush() async throws {}

    func stats() async -> CoordinatorStats {
        stats.snapshot(mode: .legacy, path: path, config: config, readPoolSize: 1, queueSize: 0, highWater: 0,
                       stopped: stopped.withLock { $0 })
    }

    func isHealthy() async -> Bool {
        if stopped.withLock({ $0 }) { return false }
        let result = await withDeadline(seconds: config.healthProbeTimeout) { [self] in
            try await read("SELECT 1 AS ok", [])[0]["ok", as: Int.self]
        }
        if case .success(1)? = result { return true }
        return false
    }

    func shutdown() async {
        stopped.withLock { $0 = true }
        await workers.shutdown()
    }
}
