import DuckCoordinator
import DuckDBKit
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A ``DatabaseCoordinating`` whose database is owned by another process: every call is a
/// round trip over the PostgreSQL wire protocol to that owner (`sharp serve`, or a sharp
/// command serving its file), over the Unix socket beside the file or TCP.
///
/// The client is sharp's own, on SwiftNIO (already a dependency of the server), rather than
/// postgres-nio: it speaks exactly what the owner serves (unnamed extended queries with binary
/// parameters and results, pipelined; COPY FROM STDIN) with no connection state machine,
/// logging or TLS stack in between, and maps values with the server's own `ValueEncoding`,
/// so a value read remotely is the value an in-process read returns.
///
/// ```swift
/// let db = try await RemoteCoordinator.connect(to: .unixSocket("data/.s.PGSQL.5433"))
/// try await db.write("INSERT INTO games (game_id) VALUES (?)", [.string("g1")], priority: .high)
/// let n: Int = try await db.read("SELECT count(*) AS n FROM games")[0]["n"]
/// await db.shutdown()   // closes the client; the owner runs on
/// ```
///
/// Contract: a write returns once the owner has committed it; a statement in flight when the
/// connection drops fails with ``RemoteCoordinatorError/connectionLost(address:)`` (retryable:
/// it was not acknowledged). SQL errors arrive as `DuckDBError`. Transaction bodies run on a
/// thread this coordinator starts, each `tx.execute/query` one blocking round trip; nothing
/// blocks the event loop or the cooperative pool.
public final class RemoteCoordinator: DatabaseCoordinating {
    /// Where the owner is.
    public let endpoint: RemoteEndpoint
    private let group: MultiThreadedEventLoopGroup
    private let pool: WireConnectionPool
    private let counters = Mutex(Counters())
    private let started = Date()

    private struct Counters {
        var reads = 0, writes = 0, rows = 0, failures = 0
    }

    /// A client of at most `maxConnections` sessions (concurrent calls beyond that wait).
    public init(endpoint: RemoteEndpoint, maxConnections: Int = 4) {
        self.endpoint = endpoint
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        pool = WireConnectionPool(endpoint: endpoint, limit: maxConnections, group: group)
    }

    /// Connects and checks that the owner answers.
    /// - Throws: ``RemoteCoordinatorError/ownerUnreachable(address:reason:)`` when it does not.
    public static func connect(to endpoint: RemoteEndpoint, maxConnections: Int = 4) async throws -> RemoteCoordinator {
        let coordinator = RemoteCoordinator(endpoint: endpoint, maxConnections: maxConnections)
        do {
            _ = try await coordinator.read("SELECT 1")
        } catch {
            await coordinator.shutdown()
            throw error
        }
        return coordinator
    }

    deinit {
        let group = group
        group.shutdownGracefully { _ in }
    }

    // MARK: DatabaseCoordinating

    public func read(_ sql: String, _ parameters: [DuckDBValue]) async throws -> ResultSet {
        let result = try await statement(sql, parameters, priority: nil)
        counters.withLock { $0.reads += 1 }
        return result
    }

    @discardableResult
    public func write(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority) async throws -> Int {
        let changed = try await statement(sql, parameters, priority: priority).rowsChanged
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// Runs at CRITICAL priority: the owner's writer takes it before everything else queued.
    @discardableResult
    public func immediateWrite(_ sql: String, _ parameters: [DuckDBValue]) async throws -> Int {
        try await write(sql, parameters, priority: .critical)
    }

    /// Every row through one `BEGIN`, the statement once per row, `COMMIT`, pipelined in one
    /// round trip: all rows commit together or none does.
    @discardableResult
    public func bulkInsert(_ sql: String, rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let changed = try await pool.withConnection { connection in
            var buffer = connection.channel.allocator.buffer(capacity: 256 * rows.count)
            let extra = Self.setPriority(priority, on: connection, into: &buffer)
            WireClientMessage.query("BEGIN", into: &buffer)
            for row in rows {
                WireClientMessage.extendedQuery(sql, parameters: row.map(WireValueCodec.parameter), into: &buffer)
            }
            WireClientMessage.query("COMMIT", into: &buffer)
            let messages = try await self.send(buffer, readyCount: rows.count + 2 + extra, on: connection)
            try Self.throwFirstError(messages, sql: sql)
            guard Self.tags(messages).last == "COMMIT" else {
                throw DuckDBError(.other, message: "the owner rolled the bulk insert back", sql: sql)
            }
            return Self.tags(messages).reduce(0) { $0 + WireValueCodec.rowsChanged($1) }
        }
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// `COPY table (columns) FROM STDIN` in text format: the owner appends the rows in one
    /// transaction (rows holding INTERVAL or BLOB values go as bound parameters instead).
    @discardableResult
    public func bulkInsert(into table: String, columns: [String], rows: [[DuckDBValue]], priority: OperationPriority) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        for (number, row) in rows.enumerated() where row.count != columns.count {
            throw CoordinatorError.invalidBulkInsert("row \(number) has \(row.count) values for \(columns.count) columns")
        }
        if rows.contains(where: { $0.contains(where: Self.needsBinary) }) {
            // COPY's text reaches the owner's appender as VARCHAR, which DuckDB does not cast to
            // INTERVAL (nor reliably to BLOB): such rows go as bound binary parameters instead.
            let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
            return try await bulkInsert("INSERT INTO \(Self.quote(table)) (\(columns.map(Self.quote).joined(separator: ", "))) VALUES (\(placeholders))",
                                        rows: rows, priority: priority)
        }
        let copy = "COPY \(Self.quote(table)) (\(columns.map(Self.quote).joined(separator: ", "))) FROM STDIN"
        let changed = try await pool.withConnection { connection in
            var start = connection.channel.allocator.buffer(capacity: copy.utf8.count + 64)
            let extra = Self.setPriority(priority, on: connection, into: &start)
            WireClientMessage.query(copy, into: &start)
            let opening = try await self.send(start, readyCount: 1 + extra, untilCopyIn: true, on: connection)
            try Self.throwFirstError(opening, sql: copy)
            var data = connection.channel.allocator.buffer(capacity: 64 * rows.count)
            var text = ""
            text.reserveCapacity(1 << 20)
            for row in rows {
                for (index, value) in row.enumerated() {
                    if index > 0 { text += "\t" }
                    WireValueCodec.copyText(value, into: &text)
                }
                text += "\n"
                if text.utf8.count >= 1 << 20 {
                    WireClientMessage.copyData(ByteBuffer(string: text), into: &data)
                    text.removeAll(keepingCapacity: true)
                }
            }
            if !text.isEmpty { WireClientMessage.copyData(ByteBuffer(string: text), into: &data) }
            WireClientMessage.copyDone(into: &data)
            let messages = try await self.send(data, readyCount: 1, on: connection)
            try Self.throwFirstError(messages, sql: copy)
            return Self.tags(messages).reduce(0) { $0 + WireValueCodec.rowsChanged($1) }
        }
        counters.withLock { $0.writes += 1; $0.rows += changed }
        return changed
    }

    /// The body appends into a table of the same column types in a private in-memory DuckDB
    /// (on a thread of its own); those rows then go to the owner with COPY.
    @discardableResult
    public func bulkAppend(into table: String, columns: [String], rowCount: Int, priority: OperationPriority,
                           _ body: @escaping @Sendable (Appender) throws -> Void) async throws -> Int {
        let described = try await read(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [.string(table.split(separator: ".").last.map(String.init) ?? table)])
        var types: [String: String] = [:]
        for row in described.rows {
            if case .string(let name) = row[0], case .string(let type) = row[1] { types[name.lowercased()] = type }
        }
        let declared = try columns.map { column -> String in
            guard let type = types[column.lowercased()] else {
                throw CoordinatorError.invalidBulkInsert("table \(table) has no column \(column)")
            }
            return "\(Self.quote(column)) \(type)"
        }
        let staged: [[DuckDBValue]] = try await OwnedThread.run {
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
        return try await bulkInsert(into: table, columns: columns, rows: staged, priority: priority)
    }

    /// `BEGIN`, the body on a thread of its own (each statement a blocking round trip on one
    /// session), then `COMMIT`, or `ROLLBACK` when the body throws or a statement failed.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (TransactionContext) throws -> T) async throws -> T {
        let value = try await pool.withConnection { connection in
            var begin = connection.channel.allocator.buffer(capacity: 32)
            WireClientMessage.query("BEGIN", into: &begin)
            try Self.throwFirstError(try await self.send(begin, on: connection), sql: "BEGIN")
            let outcome: Result<T, any Error> = await OwnedThread.result {
                let context = TransactionContext(
                    execute: { sql, values in try Self.blocking(sql, values, on: connection).rowsChanged },
                    query: { sql, values in try Self.blocking(sql, values, on: connection) })
                return try body(context)
            }
            var end = connection.channel.allocator.buffer(capacity: 32)
            switch outcome {
            case .success(let value):
                WireClientMessage.query("COMMIT", into: &end)
                let messages = try await self.send(end, on: connection)
                try Self.throwFirstError(messages, sql: "COMMIT")
                guard Self.tags(messages).last == "COMMIT" else {
                    throw DuckDBError(.other, message: "the transaction was rolled back: a statement in it failed")
                }
                return value
            case .failure(let error):
                WireClientMessage.query("ROLLBACK", into: &end)
                _ = try? await self.send(end, on: connection)
                throw error
            }
        }
        counters.withLock { $0.writes += 1 }
        return value
    }

    /// Every write this client made has committed when it returned, so there is nothing queued
    /// here; one round trip confirms the owner still answers.
    public func flush() async throws {
        _ = try await statement("SELECT 1", [], priority: nil)
    }

    /// The owner's stats (`SHOW sharp.stats`), or this client's own counters when the owner
    /// cannot say.
    public func stats() async -> CoordinatorStats {
        if let result = try? await read("SHOW sharp.stats"), let row = result.rows.first, case .string(let json) = row[0],
           let stats = try? JSONDecoder().decode(CoordinatorStats.self, from: Data(json.utf8)) {
            return stats
        }
        let counters = counters.withLock { $0 }
        return CoordinatorStats(mode: .optimized, status: .degraded, path: endpoint.description,
                                readsTotal: counters.reads, writesTotal: counters.writes, rowsWritten: counters.rows,
                                failuresTotal: counters.failures, uptimeSeconds: Date().timeIntervalSince(started))
    }

    /// Whether the owner answers a query.
    public func isHealthy() async -> Bool {
        (try? await statement("SELECT 1", [], priority: nil)) != nil
    }

    /// Closes this client's sessions; the owner and its file are untouched.
    public func shutdown() async {
        await pool.close()
    }

    // MARK: Round trips

    private func statement(_ sql: String, _ parameters: [DuckDBValue], priority: OperationPriority?) async throws -> ResultSet {
        try await pool.withConnection { connection in
            var buffer = connection.channel.allocator.buffer(capacity: sql.utf8.count + 32 * parameters.count + 64)
            let extra = priority.map { Self.setPriority($0, on: connection, into: &buffer) } ?? 0
            WireClientMessage.extendedQuery(sql, parameters: parameters.map(WireValueCodec.parameter), into: &buffer)
            let messages = try await self.send(buffer, readyCount: 1 + extra, on: connection)
            return try Self.resultSet(messages, sql: sql)
        }
    }

    private func send(_ buffer: ByteBuffer, readyCount: Int = 1, untilCopyIn: Bool = false,
                      on connection: WireConnection) async throws -> [WireServerMessage] {
        do {
            return try await connection.send(buffer, readyCount: readyCount, untilCopyIn: untilCopyIn).get()
        } catch {
            counters.withLock { $0.failures += 1 }
            throw error
        }
    }

    /// One statement on `connection`, waiting on the calling thread (a transaction body's).
    private static func blocking(_ sql: String, _ parameters: [DuckDBValue], on connection: WireConnection) throws -> ResultSet {
        var buffer = connection.channel.allocator.buffer(capacity: sql.utf8.count + 32 * parameters.count + 64)
        WireClientMessage.extendedQuery(sql, parameters: parameters.map(WireValueCodec.parameter), into: &buffer)
        return try resultSet(try connection.send(buffer).wait(), sql: sql)
    }

    /// Adds `SET sharp.priority` when the session's priority differs; returns the extra
    /// ReadyForQuery count.
    private static func setPriority(_ priority: OperationPriority, on connection: WireConnection, into buffer: inout ByteBuffer) -> Int {
        let changed = connection.priority.withLock { current in
            defer { current = priority }
            return current != priority
        }
        guard changed else { return 0 }
        WireClientMessage.query("SET sharp.priority = '\(priority.description.lowercased())'", into: &buffer)
        return 1
    }

    private static func resultSet(_ messages: [WireServerMessage], sql: String) throws -> ResultSet {
        try throwFirstError(messages, sql: sql)
        var fields: [WireField] = []
        var rows: [[DuckDBValue]] = []
        var changed = 0
        for message in messages {
            switch message {
            case .rowDescription(let description): fields = description
            case .dataRow(let values):
                var row: [DuckDBValue] = []
                row.reserveCapacity(values.count)
                for (index, bytes) in values.enumerated() {
                    let field = index < fields.count ? fields[index] : WireField(name: "", typeOID: 25, format: 0)
                    row.append(try WireValueCodec.value(bytes, oid: field.typeOID, binary: field.format == 1))
                }
                rows.append(row)
            case .commandComplete(let tag): changed = WireValueCodec.rowsChanged(tag)
            default: break
            }
        }
        return ResultSet(columns: fields.map(\.name), typeNames: fields.map { WireValueCodec.duckDBTypeName($0.typeOID) },
                         rows: rows, rowsChanged: changed)
    }

    private static func throwFirstError(_ messages: [WireServerMessage], sql: String) throws {
        for message in messages {
            if case .error(let fields) = message { throw duckDBError(fields, sql: sql) }
        }
    }

    /// The owner's error as the `DuckDBError` the in-process coordinator would have thrown.
    static func duckDBError(_ fields: WireErrorFields, sql: String) -> DuckDBError {
        let classified = DuckDBError(message: fields.message, sql: sql)
        guard classified.kind == .other else { return classified }
        let kind: DuckDBError.Kind = switch fields.sqlState {
        case "42601": .syntax
        case "42P01", "42703", "42883": .catalog
        case let state where state.hasPrefix("23"): .constraint
        case let state where state.hasPrefix("22"): .conversion
        case "57014": .interrupted
        case "40001": .transactionConflict
        default: .other
        }
        return DuckDBError(kind, message: fields.message, sql: sql)
    }

    private static func tags(_ messages: [WireServerMessage]) -> [String] {
        messages.compactMap { if case .commandComplete(let tag) = $0 { tag } else { nil } }
    }

    private static func needsBinary(_ value: DuckDBValue) -> Bool {
        switch value {
        case .interval, .blob: true
        default: false
        }
    }

    private static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
