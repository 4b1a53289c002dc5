import CDuckDB
import Foundation

/// Fast bulk loading into one table, row by row, column by column.
///
/// Rows are buffered and written on `flush()`/`close()` (and every few thousand rows).
/// Belongs to its connection: same threading rule. Values are checked against the
/// column types by DuckDB; a bad value throws and the row is not added.
/// ```swift
/// let appender = try connection.appender(table: "splits")
/// for (team, pct) in rows {
///     try appender.append(team)
///     try appender.append(pct)
///     try appender.endRow()
/// }
/// try appender.close()
/// ```
public final class Appender {
    /// The connection that owns it.
    public let connection: Connection
    /// The table rows go into.
    public let table: String
    // Read on every append: exempt from dynamic exclusivity checks (swift_beginAccess cost
    // ~5% of an append-heavy loop). An appender is used by one thread at a time anyway.
    @exclusivity(unchecked) private var handle: duckdb_appender?
    private let api: cduckdb_api

    init(connection: Connection, handle: duckdb_appender, table: String) {
        self.connection = connection
        self.handle = handle
        self.table = table
        self.api = connection.api
    }

    deinit {
        if handle != nil { _ = api.appender_destroy(&handle) }
    }

    /// Number of columns of the target table.
    public var columnCount: Int { handle.map { Int(api.appender_column_count($0)) } ?? 0 }

    /// DuckDB's type name of each column rows go into, in append order (`"BIGINT"`,
    /// `"TIMESTAMPTZ"`, `"DECIMAL"`, …; the names `ResultSet.columns.typeNames` uses).
    ///
    /// ```swift
    /// try connection.appender(table: "splits", columns: ["id", "captured_at"]).columnTypeNames   // ["BIGINT", "TIMESTAMPTZ"]
    /// ```
    public var columnTypeNames: [String] {
        guard let handle else { return [] }
        return (0..<api.appender_column_count(handle)).map { index in
            var type = api.appender_column_type(handle, index)
            defer { api.destroy_logical_type(&type) }
            return type.map { ColumnDecoder.typeName(api.get_type_id($0)) } ?? "INVALID"
        }
    }

    @inline(__always)
    private func open() throws -> duckdb_appender {
        guard let handle else { throw DuckDBError(.closed, message: "the appender for \(table) is closed") }
        return handle
    }

    @inline(__always)
    private func check(_ state: duckdb_state, _ handle: duckdb_appender) throws {
        if state != DuckDBSuccess { throw failure(handle) }
    }

    private func failure(_ handle: duckdb_appender) -> DuckDBError {
        let message = api.appender_error(handle).map { String(cString: $0) } ?? "append to \(table) failed"
        return DuckDBError(message: message)
    }

    /// Appends a BIGINT-compatible value to the current row.
    @inline(__always)
    public func append(_ value: Int64) throws { let h = try open(); try check(api.append_int64(h, value), h) }
    /// Appends an integer to the current row.
    @inline(__always)
    public func append(_ value: Int) throws { let h = try open(); try check(api.append_int64(h, Int64(value)), h) }
    /// Appends an INTEGER value to the current row.
    @inline(__always)
    public func append(_ value: Int32) throws { let h = try open(); try check(api.append_int32(h, value), h) }
    /// Appends a DOUBLE value to the current row.
    @inline(__always)
    public func append(_ value: Double) throws { let h = try open(); try check(api.append_double(h, value), h) }
    /// Appends a BOOLEAN value to the current row.
    @inline(__always)
    public func append(_ value: Bool) throws { let h = try open(); try check(api.append_bool(h, value), h) }
    /// Appends a VARCHAR value to the current row.
    @inline(__always)
    public func append(_ value: String) throws {
        let h = try open()
        let state = value.withUTF8Bytes { api.append_varchar_length(h, $0, idx_t($1)) }
        try check(state, h)
    }
    /// Appends a BLOB value to the current row.
    public func append(_ value: Data) throws {
        let h = try open()
        let state = value.withUnsafeBytes { api.append_blob(h, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, idx_t($0.count)) }
        try check(state, h)
    }
    /// Appends a TIMESTAMP or TIMESTAMPTZ value (microseconds since the epoch, UTC).
    @inline(__always)
    public func append(_ value: DuckDBTimestamp) throws {
        let h = try open(); try check(api.append_timestamp(h, duckdb_timestamp(micros: value.micros)), h)
    }
    /// Appends a `Date` as a TIMESTAMP/TIMESTAMPTZ instant.
    @inline(__always)
    public func append(_ value: Date) throws { try append(DuckDBTimestamp(value)) }
    /// Appends a DATE value.
    public func append(_ value: DuckDBDate) throws { let h = try open(); try check(api.append_date(h, duckdb_date(days: value.days)), h) }
    /// Appends NULL to the current row.
    @inline(__always)
    public func appendNull() throws { let h = try open(); try check(api.append_null(h), h) }

    /// Appends any value to the current row.
    public func append(_ value: DuckDBValue) throws { try append(value, to: try open()) }

    /// Appends a whole row of values and ends it (the handle is checked once per row).
    public func appendRow(_ values: [DuckDBValue]) throws {
        let h = try open()
        try values.withUnsafeBufferPointer { buffer in
            for index in buffer.indices { try append(buffer[index], to: h) }
        }
        try check(api.appender_end_row(h), h)
    }

    @inline(__always)
    private func append(_ value: DuckDBValue, to h: duckdb_appender) throws {
        let state: duckdb_state
        switch value {
        case .null: state = api.append_null(h)
        case .bool(let v): state = api.append_bool(h, v)
        case .int(let v): state = api.append_int64(h, v)
        case .uint(let v): state = api.append_uint64(h, v)
        case .double(let v): state = api.append_double(h, v)
        case .string(let v): state = v.withUTF8Bytes { api.append_varchar_length(h, $0, idx_t($1)) }
        case .blob(let v):
            state = v.withUnsafeBytes { api.append_blob(h, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, idx_t($0.count)) }
        case .date(let v): state = api.append_date(h, duckdb_date(days: v.days))
        case .time(let v): state = api.append_time(h, duckdb_time(micros: v.micros))
        case .timestamp(let v), .timestampTZ(let v): state = api.append_timestamp(h, duckdb_timestamp(micros: v.micros))
        case .interval(let v): state = api.append_interval(h, duckdb_interval(months: v.months, days: v.days, micros: v.micros))
        case .decimal(let v):
            var boxed = api.create_decimal(try DecimalEncoding.encode(v))
            defer { api.destroy_value(&boxed) }
            state = api.append_value(h, boxed)
        }
        try check(state, h)
    }

    /// Ends the current row.
    @inline(__always)
    public func endRow() throws { let h = try open(); try check(api.appender_end_row(h), h) }

    /// Writes buffered rows to the table. If a row violates a constraint, this throws and the
    /// buffered rows are not written.
    public func flush() throws { let h = try open(); try check(api.appender_flush(h), h) }

    /// Drops the rows buffered since the last flush, without writing them.
    public func clear() throws { let h = try open(); try check(api.appender_clear(h), h) }

    /// Flushes and releases the appender; later appends throw `closed`.
    public func close() throws {
        guard var h = handle else { return }
        handle = nil
        let state = api.appender_close(h)
        let error = state == DuckDBSuccess ? nil : failure(h)
        var optional: duckdb_appender? = h
        _ = api.appender_destroy(&optional)
        h = optional ?? h
        if let error { throw error }
    }
}
