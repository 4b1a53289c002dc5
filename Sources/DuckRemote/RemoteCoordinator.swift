import DuckCoordinator
import DuckDBKit
import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// A ``DatabaseCoordinating`` whose database is elsewhere: a sharp owner (`sharp serve`, or a
/// sharp command serving its file) over its Unix socket or TCP, or a real PostgreSQL. Every
/// call goes over postgres-nio connections (pooled, async, SCRAM, TLS, binary parameters and
/// results, COPY FROM STDIN for bulk inserts); the engine is learnt on connect (``dialect``).
///
/// ```swift
/// let db = try await RemoteCoordinator.connect(to: .unixSocket("data/.s.PGSQL.5433"))
/// try await db.write("INSERT INTO games (game_id) VALUES ($1)", [.string("g1")], priority: .high)
/// let n: Int = try await db.read("SELECT count(*) AS n FROM games")[0]["n"]
/// await db.shutdown()   // closes the client; the owner runs on
/// ```
///
/// Contract: a write returns once the server has committed it; a statement in flight when the
/// connection drops fails with ``RemoteCoordinatorError/connectionLost(address:)`` (retryable:
/// it was not acknowledged; a keyed ``WriteJob`` may be re-sent and is applied once). SQL
/// errors arrive as `DuckDBError`. Nothing blocks the event loop or the cooperative pool: a
/// ``perform(_:priority:)`` job is one transaction of plain round trips on one connection; only a
/// `transaction { }` body (synchronous by its signature) runs on a thread this coordinator starts.
public final class RemoteCoordinator: DatabaseCoordinating {
    /// Where the database is.
    public let endpoint: RemoteEndpoint
    /// The engine behind the endpoint: `SHOW sharp.engine` answers `duckdb` on a sharp owner;
    /// PostgreSQL refuses the parameter (42704).
    public let dialect: SQLDialect
    private let pool: RemoteConnectionPool
    private let logger: Logger
    private let counters = Mutex(Counters())
    private let started = Date()

    private struct Counters {
        var reads = 0, writes = 0, rows = 0, failures = 0
        var ledgerReady = false
    }

    private init(endpoint: RemoteEndpoint, pool: RemoteConnectionPool, dialect: SQLDialect, logger: Logger) {
        self.endpoint = endpoint
        self.pool = pool
        self.dialect = dialect
        self.logger = logger
    }

    /// Connects (at most `maxConnections` sessions; concurrent calls beyond that wait), logs
    /// in and learns the engine.
    /// - Throws: ``RemoteCoordinatorError`` (`ownerUnreachable` when nobody answers,
    ///   `authenticationFailed` for a refused login, `tlsFailed`), ``RemoteEndpointError`` for
    ///   unusable TLS settings.
    public static func connect(to endpoint: RemoteEndpoint, maxConnections: Int = 4) async throws -> RemoteCoordinator {
        let logger = Logger(label: "sharp.remote")
        let pool = try RemoteConnectionPool(endpoint: endpoint, limit: maxConnections, logger: logger)
        do {
            let dialect = try await pool.withSession { session in try await detectDialect(session, endpoint: endpoint, logger: logger) }
            return RemoteCoordinator(endpoint: endpoint, pool: pool, dialect: dialect, logger: logger)
        } catch {
            await pool.close()
            throw error
        }
    }

    private static func detectDialect(_ session: RemoteSession, endpoint: RemoteEndpoint, logger: Logger) async throws -> SQLDialect {
        do {
            let result: PostgresQueryResult = try await session.answer("SHOW sharp.engine", logger: logger)
            let engine = try result.rows.first?.first.map { try PostgresValueCodec.value($0) }
            return engine == .string("postgresql") ? .postgresql : .duckdb
        } catch let error as PSQLError where error.code == .server && error.serverInfo?[.sqlState] == "42704" {
            return .postgresql
        } catch let error as PSQLError where error.code == .server {
            return .duckdb // a sharp owner from before `sharp.engine`: DuckDB answered the SHOW itself
        } catch {
            throw RemoteCoordinatorError.mapping(error, endpoint: endpoint, sent: false)
        }
    }

    // MARK: DatabaseCoordinating

    public func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        let result = try await pool.withSession { session in try await self.query(sql, parameters, on: session) }
        counters.withLock { $0.reads += 1 }
        return result
    }

    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        let changed = try await pool.withSession { session in
            try await self.setPriority(priority, on: session)
            return try await self.execute(sql, parameters, on: session)
        }
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// Runs at CRITICAL priority: a sharp owner's writer takes it before everything else queued.
    @discardableResult
    public func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        try await write(sql, parameters, priority: .critical)
    }

    /// Every row through one transaction (`BEGIN`, the statement once per row, `COMMIT`): all
    /// rows commit together or none does.
    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        return try await perform(WriteJob([.init(sql: sql, rows: rows)]), priority: priority)[0]
    }

    /// `COPY table (columns) FROM STDIN` in text format, in one transaction (rows holding
    /// INTERVAL or BLOB values, and names COPY's quoting cannot carry, go as bound parameters
    /// instead).
    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        for (number, row) in rows.enumerated() where row.count != columns.count {
            throw CoordinatorError.invalidBulkInsert("row \(number) has \(row.count) values for \(columns.count) columns")
        }
        if !CopyText.canCopy(table: table, columns: columns, rows: rows) {
            return try await bulkInsert(Self.insertSQL(into: table, columns: columns), rows: rows, priority: priority)
        }
        let changed = try await pool.withSession { session in
            try await self.setPriority(priority, on: session)
            return try await self.copy(into: table, columns: columns, rows: rows, on: session)
        }
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// The body appends into a table of the same column types in a private in-memory DuckDB
    /// (on a thread of its own); those rows then go over with COPY.
    @discardableResult
    public func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                           _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        let staged = try await Self.stage(into: table, columns: columns, describedBy: self, body)
        return try await bulkInsert(into: table, columns: columns, rows: staged, priority: priority)
    }

    /// `bulkInsert(into:)` applied at most once: the COPY and the ledger row of `key` in one
    /// transaction (a sent-again key answers the recorded count and copies nothing).
    func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority,
                    key: WriteKey) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        guard CopyText.canCopy(table: table, columns: columns, rows: rows) else {
            return try await perform(WriteJob(key: key, [.init(sql: Self.insertSQL(into: table, columns: columns), rows: rows)]),
                                     priority: priority)[0]
        }
        try await prepareLedger()
        let changed = try await pool.withSession { session in
            try await self.setPriority(priority, on: session)
            return try await self.inTransaction(on: session) {
                if let recorded = try await self.claim(key, on: session) { return recorded.first ?? 0 }
                let copied = try await self.copy(into: table, columns: columns, rows: rows, on: session)
                _ = try await self.execute(WriteKeyLedger.recordSQL, [.string(key.rawValue), .string(WriteKeyLedger.encode([copied]))], on: session)
                return copied
            }
        }
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// The rows `body` appends, in `columns` of a private in-memory DuckDB table typed like
    /// `table` in `database` (read from `information_schema.columns`, which DuckDB and
    /// PostgreSQL both have; PostgreSQL's type names mapped to DuckDB's).
    static func stage(into table: String, columns: [String], describedBy database: any DatabaseCoordinating,
                      _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> [[DuckDBValue]] {
        let name = table.split(separator: ".").last.map(String.init) ?? table
        let described = try await database.read("""
            SELECT column_name, data_type, numeric_precision, numeric_scale FROM information_schema.columns
            WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position
            """, [.string(name)])
        var types: [String: String] = [:]
        for row in described.rows {
            guard case .string(let column) = row[0], case .string(let type) = row[1] else { continue }
            types[column.lowercased()] = database.dialect == .postgresql ? duckDBType(postgres: type, precision: row[2], scale: row[3]) : type
        }
        let declared = try columns.map { column in
            guard let type = types[column.lowercased()] else {
                throw CoordinatorError.invalidBulkInsert("table \(table) has no column \(column)")
            }
            return "\(quote(column)) \(type)"
        }
        return try await OwnedThread.run {
            let database = try Database(path: ":memory:")
            defer { database.close() }
            let connection = try database.connect()
            defer { connection.close() }
            try connection.execute("CREATE TABLE staged (\(declared.joined(separator: ", ")))")
            let appender = try connection.appender(table: "staged")
            try body(appender)
            try appender.close()
            return try connection.query("SELECT * FROM staged").rows.map(\.values)
        }
    }

    /// One transaction on one connection: `BEGIN`, each statement once per row, `COMMIT`;
    /// with a key, the ledger row is claimed first (`sharp_write_keys`, on either engine), so a
    /// job sent again after a lost connection returns the recorded counts. A single keyed
    /// statement to a sharp owner goes as one round trip with its key comment instead, and joins
    /// the owner's group commit.
    @discardableResult
    public func perform(_ job: WriteJob, priority: OperationPriority) async throws -> [Int] {
        if job.isEmpty { return job.statements.map { _ in 0 } }
        if dialect == .duckdb, let key = job.key, job.statements.count == 1, job.statements[0].rows.count == 1 {
            return [try await write(key.comment + job.statements[0].sql, job.statements[0].rows[0], priority: priority)]
        }
        if job.key != nil { try await prepareLedger() }
        let counts = try await pool.withSession { session in
            try await self.setPriority(priority, on: session)
            return try await self.inTransaction(on: session) { try await self.run(job, on: session) }
        }
        counters.withLock { $0.writes += 1; $0.rows += counts.reduce(0, +) }
        return counts
    }

    /// `BEGIN`, the body on a thread of its own (each `tx.execute`/`tx.query` a round trip on
    /// one connection, waited for on that thread), then `COMMIT`, or `ROLLBACK` when the body
    /// throws.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        let value = try await pool.withSession { session in
            try await self.inTransaction(on: session) {
                try await OwnedThread.run {
                    let context = TransactionContext(
                        execute: { sql, values in try Self.blocking { try await self.execute(sql, values, on: session) } },
                        query: { sql, values in try Self.blocking { try await self.query(sql, values, on: session) } })
                    return try body(context)
                }
            }
        }
        counters.withLock { $0.writes += 1 }
        return value
    }

    /// Every write this client made has committed when it returned, so there is nothing queued
    /// here; one round trip confirms the server still answers.
    public func flush() async throws {
        _ = try await pool.withSession { session in try await self.execute("SELECT 1", [], on: session) }
    }

    /// A sharp owner's stats (`SHOW sharp.stats`); for PostgreSQL, or an owner that cannot say,
    /// this client's own counters (status healthy while the server answers).
    public func stats() async -> CoordinatorStats {
        if dialect == .duckdb, let result = try? await read("SHOW sharp.stats"), let row = result.rows.first,
           case .string(let json) = row[0], let stats = try? JSONDecoder().decode(CoordinatorStats.self, from: Data(json.utf8)) {
            return stats
        }
        let healthy = await isHealthy()
        let counters = counters.withLock { $0 }
        return CoordinatorStats(mode: .optimized, status: healthy ? .healthy : .degraded, path: endpoint.description,
                                readsTotal: counters.reads, writesTotal: counters.writes, rowsWritten: counters.rows,
                                failuresTotal: counters.failures, uptimeSeconds: Date().timeIntervalSince(started))
    }

    /// Whether the server answers a query.
    public func isHealthy() async -> Bool {
        (try? await pool.withSession { session in try await self.execute("SELECT 1", [], on: session) }) != nil
    }

    /// Closes this client's connections; the server and its database are untouched.
    public func shutdown() async {
        await pool.close()
    }

    // MARK: Round trips

    /// A statement whose rows matter. The rows are collected on the event loop (postgres-nio's
    /// `all()`), not streamed: its streamed row sequence stops reading while the consumer lags,
    /// and a server that closes the connection then (an owner stopping) trips a precondition in
    /// postgres-nio 1.33.2's RowStreamStateMachine and kills the process. Collected rows carry
    /// their column names; an empty result has none.
    private func query(_ sql: String, _ parameters: [DuckDBValue], on session: RemoteSession) async throws -> ResultSet {
        do {
            let query = try PostgresValueCodec.query(sql, parameters, dialect: dialect)
            let result: PostgresQueryResult = try await session.answer(query, logger: logger)
            var rows: [[DuckDBValue]] = []
            rows.reserveCapacity(result.rows.count)
            for row in result.rows {
                var values: [DuckDBValue] = []
                values.reserveCapacity(row.count)
                for cell in row { values.append(try PostgresValueCodec.value(cell)) }
                rows.append(values)
            }
            let cells = result.rows.first.map(Array.init) ?? []
            return ResultSet(columns: cells.map(\.columnName), typeNames: cells.map { PostgresValueCodec.duckDBTypeName($0.dataType) },
                             rows: rows)
        } catch {
            throw failure(error, sql: sql)
        }
    }

    /// A statement whose changed-row count matters (from its CommandComplete tag).
    private func execute(_ sql: String, _ parameters: [DuckDBValue], on session: RemoteSession) async throws -> Int {
        do {
            let query = try PostgresValueCodec.query(sql, parameters, dialect: dialect)
            let result: PostgresQueryResult = try await session.answer(query, logger: logger)
            let metadata = result.metadata
            if let rows = metadata.rows, ["INSERT", "UPDATE", "DELETE", "COPY"].contains(metadata.command) { return rows }
            return PostgresValueCodec.rowsChanged(metadata.command)
        } catch {
            throw failure(error, sql: sql)
        }
    }

    private func copy(into table: String, columns: [String], rows: [[DuckDBValue]], on session: RemoteSession) async throws -> Int {
        do {
            try await session.connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(min(1 << 20, 64 * rows.count))
                for row in rows {
                    CopyText.append(row, to: &buffer)
                    if buffer.readableBytes >= 1 << 20 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            return rows.count
        } catch {
            throw failure(error, sql: "COPY \(table) FROM STDIN")
        }
    }

    /// The job's statements on `session`, inside its open transaction.
    private func run(_ job: WriteJob, on session: RemoteSession) async throws -> [Int] {
        if let key = job.key, let recorded = try await claim(key, on: session) { return recorded }
        var counts: [Int] = []
        for (index, statement) in job.statements.enumerated() {
            var changed = 0
            for (number, row) in statement.rows.enumerated() {
                do {
                    changed += try await execute(statement.sql, row, on: session)
                } catch let error as DuckDBError where job.runCount > 1 {
                    throw DuckDBError(error.kind, message: "statement \(index + 1), row \(number + 1): \(error.message)", sql: statement.sql)
                }
            }
            counts.append(changed)
        }
        if let key = job.key {
            _ = try await execute(WriteKeyLedger.recordSQL, [.string(key.rawValue), .string(WriteKeyLedger.encode(counts))], on: session)
        }
        return counts
    }

    /// Claims `key` in the ledger inside the open transaction: nil when it is new (the caller
    /// runs its write, then records the counts), else the counts recorded when it was applied
    /// (the first send committed before its connection dropped).
    private func claim(_ key: WriteKey, on session: RemoteSession) async throws -> [Int]? {
        guard try await execute(WriteKeyLedger.claimSQL, [.string(key.rawValue)], on: session) == 0 else { return nil }
        let recorded = try await query(WriteKeyLedger.recordedSQL, [.string(key.rawValue)], on: session)
        guard case .string(let text)? = recorded.rows.first?.values.first else { return [] }
        return WriteKeyLedger.decode(text)
    }

    /// `BEGIN`, `body`, `COMMIT`; `ROLLBACK` when the body throws.
    private func inTransaction<T: Sendable>(on session: RemoteSession, _ body: () async throws -> T) async throws -> T {
        _ = try await execute("BEGIN", [], on: session)
        let value: T
        do {
            value = try await body()
        } catch {
            if session.isOpen { _ = try? await execute("ROLLBACK", [], on: session) }
            throw error
        }
        let result: PostgresQueryResult
        do {
            result = try await session.answer("COMMIT", logger: logger)
        } catch {
            throw failure(error, sql: "COMMIT")
        }
        guard result.metadata.command == "COMMIT" else {
            throw DuckDBError(.other, message: "the transaction was rolled back: a statement in it failed", sql: "COMMIT")
        }
        return value
    }

    /// Creates the write-key ledger once per client (outside any transaction).
    private func prepareLedger() async throws {
        if counters.withLock({ $0.ledgerReady }) { return }
        try await pool.withSession { session in
            do {
                _ = try await self.execute(WriteKeyLedger.createSQL, [], on: session)
            } catch let error as DuckDBError where error.kind == .constraint {
                // Two clients created it at once (PostgreSQL's catalog says so): it exists.
            }
        }
        counters.withLock { $0.ledgerReady = true }
    }

    /// Adds `SET sharp.priority` when the session's priority differs (a sharp owner only).
    private func setPriority(_ priority: OperationPriority, on session: RemoteSession) async throws {
        guard dialect == .duckdb else { return }
        let changed = session.priority.withLock { current in
            defer { current = priority }
            return current != priority
        }
        guard changed else { return }
        do {
            _ = try await execute("SET sharp.priority = '\(priority.description.lowercased())'", [], on: session)
        } catch {
            session.priority.withLock { $0 = .normal }
            throw error
        }
    }

    private func failure(_ error: any Error, sql: String) -> any Error {
        counters.withLock { $0.failures += 1 }
        return RemoteCoordinatorError.mapping(error, endpoint: endpoint, sent: true, sql: sql)
    }

    /// DuckDB's type for a PostgreSQL `information_schema` type name.
    static func duckDBType(postgres type: String, precision: DuckDBValue, scale: DuckDBValue) -> String {
        switch type.lowercased() {
        case "double precision": return "DOUBLE"
        case "real": return "FLOAT"
        case "smallint": return "SMALLINT"
        case "integer": return "INTEGER"
        case "bigint": return "BIGINT"
        case "boolean": return "BOOLEAN"
        case "date": return "DATE"
        case "timestamp with time zone": return "TIMESTAMPTZ"
        case "timestamp without time zone": return "TIMESTAMP"
        case "time without time zone": return "TIME"
        case "interval": return "INTERVAL"
        case "bytea": return "BLOB"
        case "numeric":
            if case .int(let p) = precision, case .int(let s) = scale, p <= 38 { return "DECIMAL(\(p),\(s))" }
            return "DOUBLE"
        default: return "VARCHAR"
        }
    }

    /// Waits on the calling thread (a transaction body's, never the pool's) for `body`.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }

    /// `INSERT INTO "table" ("a", "b") VALUES ($1, $2)`: one row of `columns` (at least one).
    static func insertSQL(into table: String, columns: [String]) -> String {
        let placeholders = (1...max(1, columns.count)).map { "$\($0)" }.joined(separator: ", ")
        return "INSERT INTO \(quote(table)) (\(columns.map(quote).joined(separator: ", "))) VALUES (\(placeholders))"
    }

    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
