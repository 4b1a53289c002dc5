import CBenchmarks
import CDuckDB
@_spi(RawAccess) import DuckDBKit

/// Calls into the C baselines of `CBenchmarks` with the binding's function table and a
/// connection's raw handle, turning a failure into `BenchmarkError.baselineFailed`.
enum RawBaseline {
    /// Runs `body` with the function table, the connection handle and an error buffer.
    static func call(_ connection: Connection,
                     _ body: (UnsafePointer<cduckdb_api>, duckdb_connection, UnsafeMutablePointer<CChar>, Int) -> Bool) throws {
        var buffer = [CChar](repeating: 0, count: 1_024)
        let ok = try connection.withRawHandle { handle in
            try DuckDBLibrary.shared().withFunctionTable { api in
                buffer.withUnsafeMutableBufferPointer { body(api, handle, $0.baseAddress!, $0.count) }
            }
        }
        if !ok {
            throw BenchmarkError.baselineFailed(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
    }

    /// Appends split rows `first ..< first + count` to `table` with the C appender loop.
    static func appendSplits(_ connection: Connection, table: String, first: Int, count: Int) throws {
        try call(connection) { api, handle, error, length in
            cbench_append_splits(api, handle, table, Int64(first), Int64(count), error, length)
        }
    }

    /// Creates `table` and loads `rows` split rows into it (fast set-up for read workloads).
    static func loadSplits(_ connection: Connection, table: String, rows: Int) throws {
        try connection.execute(SplitRow.createTable(table))
        try appendSplits(connection, table: table, first: 0, count: rows)
    }
}
