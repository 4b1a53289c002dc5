import CDuckDB

/// One data chunk of a streamed result (up to 2,048 rows), read column by column without
/// building a `Row` per row: the fast path for large reads.
///
/// Valid only inside the closure that receives it.
/// ```swift
/// var total = 0.0
/// try connection.forEachChunk("SELECT money_pct FROM splits") { chunk in
///     for row in 0..<chunk.count where !chunk.isNull(column: 0, row: row) {
///         total += chunk.double(column: 0, row: row)
///     }
/// }
/// ```
public struct DataChunkView {
    let decoders: [ColumnDecoder]
    let data: [UnsafeMutableRawPointer]
    let validity: [UnsafeMutablePointer<UInt64>?]
    /// The vectors of nested columns (nil for the others).
    let nestedVectors: [NestedVector?]
    /// Rows in this chunk.
    public let count: Int

    init(decoders: [ColumnDecoder], data: [UnsafeMutableRawPointer], validity: [UnsafeMutablePointer<UInt64>?],
         nestedVectors: [NestedVector?] = [], count: Int) {
        self.decoders = decoders
        self.data = data
        self.validity = validity
        self.nestedVectors = nestedVectors
        self.count = count
    }

    /// Number of columns.
    public var columnCount: Int { decoders.count }

    /// Whether the value is NULL.
    @inline(__always)
    public func isNull(column: Int, row: Int) -> Bool { !cduckdb_row_is_valid(validity[column], idx_t(row)) }

    /// Any value, converted to `DuckDBValue`; a nested one (LIST, STRUCT, …) as DuckDB's text for it.
    @inline(__always)
    public func value(column: Int, row: Int) -> DuckDBValue {
        if case .nested = decoders[column].physical {
            let value = nested(column: column, row: row)!
            if case .null = value { return .null }
            return .string(value.duckDBText)
        }
        return decoders[column].value(data[column], validity[column], row)
    }

    /// A nested column's value with its elements and fields; nil for a column that is not nested.
    public func nested(column: Int, row: Int) -> DuckDBNestedValue? {
        guard case .nested(let decoder) = decoders[column].physical, column < nestedVectors.count,
              let vector = nestedVectors[column] else { return nil }
        return vector.value(decoder, row: row)
    }

    /// Whether column `column` is nested (LIST, ARRAY, STRUCT, MAP).
    public func isNested(column: Int) -> Bool {
        if case .nested = decoders[column].physical { true } else { false }
    }

    /// The column's DuckDB type name (`INTEGER`, `LIST`, …).
    public func typeName(column: Int) -> String { decoders[column].typeName }

    /// The column's name.
    public func name(column: Int) -> String { decoders[column].name }

    /// A BIGINT column's raw value (check `isNull` first).
    @inline(__always)
    public func int64(column: Int, row: Int) -> Int64 { data[column].load(fromByteOffset: row * 8, as: Int64.self) }

    /// A DOUBLE column's raw value (check `isNull` first).
    @inline(__always)
    public func double(column: Int, row: Int) -> Double { data[column].load(fromByteOffset: row * 8, as: Double.self) }

    /// A VARCHAR column's value (check `isNull` first).
    @inline(__always)
    public func string(column: Int, row: Int) -> String { decoders[column].string(data[column], row) }
}
