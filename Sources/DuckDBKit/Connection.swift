import CDuckDB
import Foundation

/// A connection to a `Database`: runs SQL, prepares statements, appends rows.
///
/// A connection runs one statement at a time: do not use it from two threads at once
/// (make one connection per thread; that is what `DuckCoordinator`'s pool does). Only
/// `interrupt()` may be called from another thread while a query runs.
///
/// ```swift
/// let connection = try db.connect()
/// try connection.execute("CREATE TABLE splits (home VARCHAR, money_pct DOUBLE)")
/// try connection.execute("INSERT INTO splits VALUES (?, ?)", ["CHC", 65.7])
/// let rows = try connection.query("SELECT * FROM splits WHERE money_pct > ?", [60.0])
/// ```
public final class Connection: @unchecked Sendable {
    let library: DuckDBLibrary
    let api: cduckdb_api
    private let lock = NSLock()
    private var raw: duckdb_connection?

    init(library: DuckDBLibrary, handle: duckdb_connection) {
        self.library = library
        self.api = library.api
        self.raw = handle
    }

    deinit { close() }

    /// The open handle, or a `closed` error.
    func handle() throws -> duckdb_connection {
        guard let handle = lock.withLock({ raw }) else {
            throw DuckDBError(.closed, message: "the connection is closed")
        }
        return handle
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { lock.withLock { raw == nil } }

    /// Closes the connection; later calls throw `closed`. Calling it twice is harmless.
    public func close() {
        let api = self.api
        lock.withLock {
            if raw != nil { api.disconnect(&raw) }
            raw = nil
        }
    }

    /// Asks the running query (if any) to stop; it then throws an `interrupted` error.
    /// Safe to call from any thread.
    public func interrupt() {
        let api = self.api
        lock.withLock { if let raw { api.interrupt(raw) } }
    }

    // MARK: Running SQL

    /// Runs SQL (one statement or several separated by `;`) and discards any result.
    /// - Returns: rows changed by the last statement.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        var result = try run(sql)
        defer { api.destroy_result(&result) }
        return Int(api.rows_changed(&result))
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
        if parameters.isEmpty {
            var result = try run(sql)
            defer { api.destroy_result(&result) }
            return try ResultReader(api: api).read(&result)
        }
        let statement = try prepare(sql)
        defer { statement.close() }
        try statement.bind(parameters)
        return try statement.query()
    }

    /// Runs a query and hands each data chunk to `body`, without building rows: the fast path
    /// for large results.
    public func forEachChunk(_ sql: String, _ parameters: [DuckDBValue] = [],
                             _ body: (DataChunkView) throws -> Void) throws {
        if parameters.isEmpty {
            var result = try run(sql)
            defer { api.destroy_result(&result) }
            try ResultReader(api: api).forEachChunk(&result, body)
            return
        }
        let statement = try prepare(sql)
        defer { statement.close() }
        try statement.bind(parameters)
        var result = try statement.run()
        defer { api.destroy_result(&result) }
        try ResultReader(api: api).forEachChunk(&result, body)
    }

    /// Compiles a statement for repeated execution with new bindings.
    public func prepare(_ sql: String) throws -> PreparedStatement {
        let handle = try handle()
        var statement: duckdb_prepared_statement?
        if api.prepare(handle, sql, &statement) != DuckDBSuccess {
            let message = api.prepare_error(statement).map { String(cString: $0) } ?? "prepare failed"
            api.destroy_prepare(&statement)
            throw DuckDBError(message: message, sql: sql)
        }
        return PreparedStatement(connection: self, handle: statement!, sql: sql)
    }

    /// Opens an appender for fast bulk loads into `table`.
    ///
    /// With `columns`, rows hold only those columns, in that order; the others get their
    /// default values (as an `INSERT INTO t (columns) VALUES ...` would).
    public func appender(table: String, schema: String? = nil, columns: [String]? = nil) throws -> Appender {
        let handle = try handle()
        var appender: duckdb_appender?
        if api.appender_create_ext(handle, nil, schema, table, &appender) != DuckDBSuccess {
            let message = api.appender_error(appender).map { String(cString: $0) } ?? "cannot append to \(table)"
            _ = api.appender_destroy(&appender)
            throw DuckDBError(message: message)
        }
        for column in columns ?? [] where api.appender_add_column(appender, column) != DuckDBSuccess {
            let message = api.appender_error(appender).map { String(cString: $0) } ?? "no column \(column) in \(table)"
            _ = api.appender_destroy(&appender)
            throw DuckDBError(message: message)
        }
        return Appender(connection: self, handle: appender!, table: table)
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

    /// Runs SQL and returns the raw result, which the caller must destroy.
    func run(_ sql: String) throws -> duckdb_result {
        let handle = try handle()
        var result = duckdb_result()
        if api.query(handle, sql, &result) != DuckDBSuccess {
            let message = api.result_error(&result).map { String(cString: $0) } ?? "query failed"
            api.destroy_result(&result)
            throw DuckDBError(message: message, sql: sql)
        }
        return result
    }
}
