import CDuckDB
import Foundation
import Synchronization

/// A connection to a `Database`: runs SQL, prepares statements, appends rows.
///
/// A connection runs one statement at a time: do not use it from two threads at once
/// (make one connection per thread; that is what `DuckCoordinator`'s pool does). Only
/// `interrupt()` and `close()` may be called from another thread while a statement runs.
///
/// Contract: the connection owns its DuckDB handle, and a call in flight holds it, until the
/// call's result has been read and destroyed (a query's rows are read inside the call). `close()`
/// from another thread never frees the handle under a running statement (or under a streamed
/// result still being read, whose tasks DuckDB's worker threads are running): it interrupts
/// that statement, and the last call to leave disconnects. `interrupt()` only reaches a
/// statement in flight; on an idle connection it does nothing, so it cannot stop a later one.
/// The connection's disconnect is what lets its `Database` close (see `Database`).
///
/// ```swift
/// let connection = try db.connect()
/// try connection.execute("CREATE TABLE splits (home VARCHAR, money_pct DOUBLE)")
/// try connection.execute("INSERT INTO splits VALUES (?, ?)", ["CHC", 65.7])
/// let rows = try connection.query("SELECT * FROM splits WHERE money_pct > ?", [60.0])
/// ```
public final class Connection: Sendable {
    let library: DuckDBLibrary
    let api: cduckdb_api
    private let state: Mutex<HandleState>
    /// Told once this connection has disconnected: the database closes after its last one.
    private let database: DatabaseHandle

    /// Who holds the DuckDB handle: the calls in flight, and whether a close waits for them.
    private struct HandleState {
        /// Unsafe to send, and never sent: it is only read or taken under the mutex.
        nonisolated(unsafe) var raw: duckdb_connection?
        /// Calls in flight (`inFlight` bodies); normally 0 or 1.
        var users = 0
        /// `close()` was called while calls were in flight: the last one disconnects.
        var closing = false
    }

    init(library: DuckDBLibrary, handle: duckdb_connection, database: DatabaseHandle) {
        self.library = library
        self.api = library.api
        self.state = Mutex(HandleState(raw: handle))
        self.database = database
    }

    deinit {
        // No call can be in flight (each holds a reference), so this disconnects at once.
        close()
    }

    /// Runs `body` with the open handle, which stays valid until `body` returns even if another
    /// thread closes the connection meanwhile (that close is then finished here, on this thread).
    /// - Throws: `closed` when the connection is closed or closing.
    func inFlight<T>(_ body: (duckdb_connection) throws -> T) throws -> T {
        let handle = try state.withLock { state -> duckdb_connection in
            guard let raw = state.raw, !state.closing else {
                throw DuckDBError(.closed, message: "the connection is closed")
            }
            state.users += 1
            return raw
        }
        defer { leave() }
        return try body(handle)
    }

    private func leave() {
        let last: duckdb_connection? = state.withLock { state in
            state.users -= 1
            guard state.closing, state.users == 0 else { return nil }
            defer { state.raw = nil }
            return state.raw
        }
        if last != nil { disconnect(last) }
    }

    /// Disconnects `handle` (taken out of the state, so exactly once), then tells the database.
    private func disconnect(_ handle: duckdb_connection?) {
        var handle = handle
        api.disconnect(&handle)
        database.disconnected()
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { state.withLock { $0.raw == nil || $0.closing } }

    /// Closes the connection; later calls throw `closed`. Calling it twice is harmless.
    ///
    /// From another thread while a statement runs on this connection: the statement is
    /// interrupted, and the handle is released when it returns (not under it).
    public func close() {
        let api = self.api
        let idle: duckdb_connection? = state.withLock { state in
            guard let raw = state.raw, !state.closing else { return nil }
            state.closing = true
            if state.users > 0 {
                api.interrupt(raw)
                return nil
            }
            state.raw = nil
            return raw
        }
        if idle != nil { disconnect(idle) }
    }

    /// Asks the running statement (if any) to stop; it then throws an `interrupted` error.
    /// Safe to call from any thread. Does nothing when no statement is in flight.
    public func interrupt() {
        let api = self.api
        state.withLock { state in
            if let raw = state.raw, state.users > 0 { api.interrupt(raw) }
        }
    }

    // MARK: Running SQL

    /// Runs SQL (one statement or several separated by `;`) and discards any result.
    /// - Returns: rows changed by the last statement.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try run(sql) { Int(api.rows_changed(&$0)) }
    }

    /// Runs one statement with bound parameters (`?` or `$1`) and discards any result.
    /// - Returns: rows changed.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [DuckDBValue]) throws -> Int {
        if parameters.isEmpty { return try execute(sql) }
        let statement = try prepare(sql)
        defer { statement.close() }
        try statement.bind(parameters)
        return try statement.execute()
    }

    /// Runs a query and reads its whole result.
    public func query(_ sql: String, _ parameters: [DuckDBValue] = []) throws -> ResultSet {
        if parameters.isEmpty { return try run(sql) { try ResultReader(api: api).read(&$0) } }
        let statement = try prepare(sql)
        defer { statement.close() }
        try statement.bind(parameters)
        return try statement.query()
    }

    /// Runs a query and hands each data chunk to `body`, without building rows: the fast path
    /// for large results.
    public func forEachChunk(_ sql: String, _ parameters: [DuckDBValue] = [],
                             _ body: (DataChunkView) throws -> Void) throws {
        if parameters.isEmpty { return try run(sql) { try ResultReader(api: api).forEachChunk(&$0, body) } }
        let statement = try prepare(sql)
        defer { statement.close() }
        try statement.bind(parameters)
        try statement.run { try ResultReader(api: api).forEachChunk(&$0, body) }
    }

    /// Compiles a statement for repeated execution with new bindings.
    public func prepare(_ sql: String) throws -> PreparedStatement {
        let statement = try inFlight { handle -> duckdb_prepared_statement in
            var statement: duckdb_prepared_statement?
            if api.prepare(handle, sql, &statement) != DuckDBSuccess {
                let message = api.prepare_error(statement).map { String(cString: $0) } ?? "prepare failed"
                api.destroy_prepare(&statement)
                throw DuckDBError(message: message, sql: sql)
            }
            return statement!
        }
        return PreparedStatement(connection: self, handle: statement, sql: sql)
    }

    /// Opens an appender for fast bulk loads into `table`.
    ///
    /// With `columns`, rows hold only those columns, in that order; the others get their
    /// default values (as an `INSERT INTO t (columns) VALUES ...` would). `catalog` names the
    /// database the table is in (`"temp"` for a `CREATE TEMP TABLE`), nil for the default.
    public func appender(table: String, schema: String? = nil, catalog: String? = nil, columns: [String]? = nil) throws -> Appender {
        let appender = try inFlight { handle -> duckdb_appender in
            var appender: duckdb_appender?
            if api.appender_create_ext(handle, catalog, schema, table, &appender) != DuckDBSuccess {
                let message = api.appender_error(appender).map { String(cString: $0) } ?? "cannot append to \(table)"
                _ = api.appender_destroy(&appender)
                throw DuckDBError(message: message)
            }
            for column in columns ?? [] where api.appender_add_column(appender, column) != DuckDBSuccess {
                let message = api.appender_error(appender).map { String(cString: $0) } ?? "no column \(column) in \(table)"
                _ = api.appender_destroy(&appender)
                throw DuckDBError(message: message)
            }
            return appender!
        }
        return Appender(connection: self, handle: appender, table: table)
    }

    /// Runs `body` inside a transaction: COMMIT when it returns, ROLLBACK when it throws.
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try execute("BEGIN TRANSACTION")
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Runs SQL and hands its raw result to `body`; the result is destroyed when `body`
    /// returns, and the connection is held (in flight) until then, so a `close()` from another
    /// thread never disconnects under a result still being read.
    func run<T>(_ sql: String, _ body: (inout duckdb_result) throws -> T) throws -> T {
        try inFlight { handle in
            var result = duckdb_result()
            if api.query(handle, sql, &result) != DuckDBSuccess {
                let message = api.result_error(&result).map { String(cString: $0) } ?? "query failed"
                api.destroy_result(&result)
                throw DuckDBError(message: message, sql: sql)
            }
            defer { api.destroy_result(&result) }
            return try body(&result)
        }
    }
}
