import CDuckDB

extension DataChunkView {
    /// How a column's values lie in its vector, for code that writes them out without making a
    /// `DuckDBValue` (or a `String`) per value: the wire encoder of the server. Types without a
    /// raw accessor here are `.other` (read them with `value(column:row:)`).
    public enum ColumnLayout: Sendable, Hashable {
        case boolean
        case int8, int16, int32, int64
        case uint8, uint16, uint32, uint64
        case float, double
        /// VARCHAR: `bytes(column:row:)` is its UTF-8.
        case varchar
        /// BLOB: `bytes(column:row:)`.
        case blob
        /// DATE: an `Int32` of days since 1970-01-01.
        case date
        /// TIME: an `Int64` of microseconds since midnight.
        case time
        /// TIMESTAMP and TIMESTAMPTZ: an `Int64` of microseconds since 1970-01-01 (UTC for TZ).
        case timestamp, timestampTZ
        case other
    }

    /// The layout of column `column`'s vector (decided once per result).
    ///
    /// ```swift
    /// if chunk.layout(column: 0) == .int64 { let v = chunk.load(column: 0, row: 0, as: Int64.self) }
    /// ```
    public func layout(column: Int) -> ColumnLayout {
        switch decoders[column].physical {
        case .bool: .boolean
        case .int8: .int8
        case .int16: .int16
        case .int32: .int32
        case .int64: .int64
        case .uint8: .uint8
        case .uint16: .uint16
        case .uint32: .uint32
        case .uint64: .uint64
        case .float: .float
        case .double: .double
        case .varchar: .varchar
        case .blob: .blob
        case .date: .date
        case .time: .time
        case .timestamp: .timestamp
        case .timestampTZ: .timestampTZ
        default: .other
        }
    }

    /// The raw value of row `row` of a fixed-width column, as `T` (the column's layout says
    /// which: `Int64` for `.int64`, `.time`, `.timestamp`, `.timestampTZ`; `Int32` for `.date`; …).
    /// Check `isNull` first.
    @inline(__always)
    public func load<T>(column: Int, row: Int, as type: T.Type) -> T {
        data[column].load(fromByteOffset: row * MemoryLayout<T>.stride, as: T.self)
    }

    /// The bytes of row `row` of a VARCHAR or BLOB column, valid while the chunk is. Check
    /// `isNull` first.
    @inline(__always)
    public func bytes(column: Int, row: Int) -> UnsafeRawBufferPointer {
        let s = (data[column] + row * 16).assumingMemoryBound(to: duckdb_string_t.self)
        return UnsafeRawBufferPointer(start: cduckdb_string_data(s), count: Int(cduckdb_string_length(s)))
    }
}
