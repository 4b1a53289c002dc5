import CDuckDB
import Foundation

/// A compiled statement, executed many times with new bindings.
///
/// Belongs to its connection: same threading rule (one thread at a time).
/// ```swift
/// let insert = try connection.prepare("INSERT INTO splits VALUES (?, ?)")
/// for (team, pct) in [("CHC", 65.7), ("PIT", 34.3)] {
///     try insert.bind([.string(team), .double(pct)])
///     try insert.execute()
/// }
/// ```
public final class PreparedStatement {
    /// The connection that owns it.
    public let connection: Connection
    /// The SQL it was prepared from.
    public let sql: String
    // Read on every bind and execute: exempt from dynamic exclusivity checks (one thread at a
    // time is the rule anyway).
    @exclusivity(unchecked) private var handle: duckdb_prepared_statement?
    private let api: cduckdb_api

    init(connection: Connection, handle: duckdb_prepared_statement, sql: String) {
        self.connection = connection
        self.handle = handle
        self.sql = sql
        self.api = connection.api
    }

    deinit { close() }

    /// Number of parameters (`?`/`$n`) the statement takes.
    public var parameterCount: Int { handle.map { Int(api.nparams($0)) } ?? 0 }

    /// DuckDB's type name of each parameter (`"INTEGER"`, `"TIMESTAMPTZ"`, …) as it infers them
    /// from the statement (a target column, a cast, a comparison); nil where it cannot
    /// (`SELECT ?`). Used to tell a client that did not declare parameter types what to send.
    ///
    /// ```swift
    /// try connection.prepare("INSERT INTO t (i, ts) VALUES (?, ?)").parameterTypeNames // ["INTEGER", "TIMESTAMP"]
    /// ```
    public var parameterTypeNames: [String?] {
        guard let handle else { return [] }
        return (0..<Int(api.nparams(handle))).map { index in
            let id = api.param_type(handle, idx_t(index + 1))
            // 0 = INVALID (not inferred), 34 = ANY.
            return id.rawValue == 0 || id.rawValue == 34 ? nil : ColumnDecoder.typeName(id)
        }
    }

    /// The columns the statement returns when run (names and DuckDB type names), known from
    /// preparing it alone: describe a query without running it.
    ///
    /// ```swift
    /// try connection.prepare("SELECT 1 AS one, 'x' AS x").resultColumns.typeNames // ["INTEGER", "VARCHAR"]
    /// ```
    public var resultColumns: ColumnNames {
        guard let handle else { return ColumnNames([]) }
        var names: [String] = [], types: [String] = []
        for index in 0..<api.prepared_statement_column_count(handle) {
            // DuckDB returns a copy of the name, which the caller frees.
            let raw = api.prepared_statement_column_name(handle, index)
            names.append(raw.map { String(cString: $0) } ?? "column\(index)")
            if let raw { api.free(UnsafeMutableRawPointer(mutating: raw)) }
            var type = api.prepared_statement_column_logical_type(handle, index)
            defer { api.destroy_logical_type(&type) }
            types.append(type.map { ColumnDecoder.typeName(api.get_type_id($0)) } ?? "VARCHAR")
        }
        return ColumnNames(names, typeNames: types)
    }

    /// Releases the statement; later use throws `closed`.
    public func close() {
        if handle != nil { api.destroy_prepare(&handle) }
        handle = nil
    }

    private func open() throws -> duckdb_prepared_statement {
        guard let handle else { throw DuckDBError(.closed, message: "the prepared statement is closed", sql: sql) }
        if connection.isClosed { throw DuckDBError(.closed, message: "the connection is closed", sql: sql) }
        return handle
    }

    /// Replaces all bindings with `values` (parameter 1 is `values[0]`).
    public func bind(_ values: [DuckDBValue]) throws {
        let handle = try open()
        let expected = Int(api.nparams(handle))
        guard values.count == expected else {
            throw DuckDBError(.binder, message: "the statement takes \(expected) parameters, \(values.count) given", sql: sql)
        }
        _ = api.clear_bindings(handle)
        // One open-check for the whole row, not one per value.
        for (offset, value) in values.enumerated() { try bind(value, at: offset + 1, handle) }
    }

    /// Binds one value at a 1-based parameter index.
    public func bind(_ value: DuckDBValue, at index: Int) throws {
        try bind(value, at: index, try open())
    }

    private func bind(_ value: DuckDBValue, at index: Int, _ handle: duckdb_prepared_statement) throws {
        let i = idx_t(index)
        let state: duckdb_state
        switch value {
        case .null: state = api.bind_null(handle, i)
        case .bool(let v): state = api.bind_boolean(handle, i, v)
        case .int(let v): state = api.bind_int64(handle, i, v)
        case .uint(let v): state = api.bind_uint64(handle, i, v)
        case .double(let v): state = api.bind_double(handle, i, v)
        case .string(let v):
            state = v.withUTF8Bytes { api.bind_varchar_length(handle, i, $0, idx_t($1)) }
        case .blob(let v): state = v.withUnsafeBytes { api.bind_blob(handle, i, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, idx_t($0.count)) }
        case .date(let v): state = api.bind_date(handle, i, duckdb_date(days: v.days))
        case .time(let v): state = api.bind_time(handle, i, duckdb_time(micros: v.micros))
        case .timestamp(let v): state = api.bind_timestamp(handle, i, duckdb_timestamp(micros: v.micros))
        case .timestampTZ(let v): state = api.bind_timestamp_tz(handle, i, duckdb_timestamp(micros: v.micros))
        case .interval(let v): state = api.bind_interval(handle, i, duckdb_interval(months: v.months, days: v.days, micros: v.micros))
        case .decimal(let v): state = api.bind_decimal(handle, i, try DecimalEncoding.encode(v))
        }
        guard state == DuckDBSuccess else {
            throw DuckDBError(.binder, message: "cannot bind \(value) (\(value.kindName)) to parameter \(index)", sql: sql)
        }
    }

    /// Executes with the current bindings; returns rows changed.
    @discardableResult
    public func execute() throws -> Int {
        try run { Int(api.rows_changed(&$0)) }
    }

    /// Executes with the current bindings and reads the whole result.
    public func query() throws -> ResultSet {
        try run { try ResultReader(api: api).read(&$0) }
    }

    /// Executes with the current bindings as a streaming result: `columns` first (even when
    /// no row follows), then `chunk` for each data chunk as DuckDB produces it, so memory holds
    /// one chunk (up to 2,048 rows) at a time however large the result. The statement's
    /// connection is busy until this returns; `interrupt()` on it stops the stream.
    ///
    /// ```swift
    /// let statement = try connection.prepare("SELECT * FROM range(10000000)")
    /// var rows = 0
    /// try statement.stream(columns: { _ in }) { chunk in rows += chunk.count }
    /// ```
    /// - Returns: rows changed (for a statement that is not a query).
    /// - Throws: `DuckDBError` from executing or fetching, or what the closures throw.
    @discardableResult
    public func stream(columns: (ColumnNames) throws -> Void, chunk: (DataChunkView) throws -> Void) throws -> Int {
        let handle = try open()
        // The streamed result's tasks run on DuckDB's worker threads between fetches: the
        // connection stays held until the result is destroyed (see `Connection.inFlight`).
        return try connection.inFlight { _ in try stream(handle, columns: columns, chunk: chunk) }
    }

    private func stream(_ handle: duckdb_prepared_statement, columns: (ColumnNames) throws -> Void,
                        chunk: (DataChunkView) throws -> Void) throws -> Int {
        var pending: duckdb_pending_result?
        defer { if pending != nil { api.destroy_pending(&pending) } }
        if api.pending_prepared_streaming(handle, &pending) != DuckDBSuccess {
            let message = api.pending_error(pending).map { String(cString: $0) } ?? "execute failed"
            throw DuckDBError(message: message, sql: sql)
        }
        var result = duckdb_result()
        if api.execute_pending(pending, &result) != DuckDBSuccess {
            let message = api.result_error(&result).map { String(cString: $0) } ?? "execute failed"
            api.destroy_result(&result)
            throw DuckDBError(message: message, sql: sql)
        }
        defer { api.destroy_result(&result) }
        let reader = ResultReader(api: api)
        let decoders = try reader.decoders(&result)
        try columns(ColumnNames(decoders.map(\.name), typeNames: decoders.map(\.typeName)))
        try reader.forEachChunk(&result, chunk)
        return Int(api.rows_changed(&result))
    }

    /// Executes with the current bindings and hands the raw result to `body`, inside the
    /// connection's call (see `Connection.run(_:_:)`); the result is destroyed when it returns.
    func run<T>(_ body: (inout duckdb_result) throws -> T) throws -> T {
        let handle = try open()
        return try connection.inFlight { _ in
            var result = duckdb_result()
            if api.execute_prepared(handle, &result) != DuckDBSuccess {
                let message = api.result_error(&result).map { String(cString: $0) } ?? "execute failed"
                api.destroy_result(&result)
                throw DuckDBError(message: message, sql: sql)
            }
            defer { api.destroy_result(&result) }
            return try body(&result)
        }
    }
}
