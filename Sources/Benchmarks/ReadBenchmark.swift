import CBenchmarks
import DuckDBKit
import Foundation

/// `sharp bench read`: reading every value of a split table (8 columns) through `query()`
/// (rows of `DuckDBValue`) and through `forEachChunk` (columnar), against a C loop over
/// `duckdb_fetch_chunk`.
///
/// ```swift
/// let report = try await ReadBenchmark(options: .init(rows: 100_000)).run(progress: .silent)
/// ```
public struct ReadBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Rows in the table (every one is read).
        public var rows: Int
        /// Rounds per mode (the fastest is reported).
        public var rounds: Int
        public init(rows: Int = 2_000_000, rounds: Int = 3) {
            self.rows = rows
            self.rounds = rounds
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs the workload: raw (C), then the Swift rows and columnar variants.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.rows > 0, options.rounds > 0 else { throw BenchmarkError.invalidOption("--rows and --rounds must be > 0") }
        let options = self.options
        let results = try await OwnedThreads.run(count: 1, name: "bench-read") { _ in
            Result { try Self.measure(options, progress: progress) }
        }[0].get()
        return BenchmarkReport(workload: "read", notes: [
            "\(options.rows) split rows × 8 columns, every value read (ints and doubles summed, strings built or measured, timestamps summed)",
            "raw = C loop over duckdb_fetch_chunk reading each value (strings: length and first byte); swift rows = query() building [Row]; swift columnar = forEachChunk with typed accessors",
            "fastest of \(options.rounds) rounds per mode, the modes taking turns",
        ], results: results)
    }

    /// What a reader saw, to check that every path read the same values.
    struct Totals: Equatable {
        var rows = 0
        var idSum: Int64 = 0
        var stringBytes = 0
        var doubleSum = 0.0
        var timestampSum: Int64 = 0

        func matches(_ other: Totals) -> Bool {
            rows == other.rows && idSum == other.idSum && stringBytes == other.stringBytes
                && timestampSum == other.timestampSum && abs(doubleSum - other.doubleSum) <= 1e-6 * max(1, abs(doubleSum))
        }
    }

    private enum Path: String, CaseIterable { case raw, rows, columnar }

    private static func measure(_ options: Options, progress: BenchmarkProgress) throws -> [BenchmarkResult] {
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let database = try Database(path: folder.databasePath("read"))
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        progress.note("read: loading \(options.rows) rows")
        try RawBaseline.loadSplits(connection, table: "splits", rows: options.rows)
        let sql = SplitRow.selectSQL("splits")
        var best: [Path: Double] = [:]
        var peak: [Path: Double] = [:]
        var expected: Totals?
        for round in 0..<options.rounds {
            let paths = Path.allCases
            for offset in 0..<paths.count {
                let path = paths[(offset + round) % paths.count]
                PeakMemory.reset()
                let started = DispatchTime.now().uptimeNanoseconds
                let totals: Totals
                switch path {
                case .raw: totals = try raw(connection, sql)
                case .rows: totals = try rows(connection, sql)
                case .columnar: totals = try columnar(connection, sql)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                peak[path] = max(peak[path] ?? 0, PeakMemory.megabytes())
                guard totals.rows == options.rows else {
                    throw BenchmarkError.wrongResult("\(path.rawValue) read \(totals.rows) rows, expected \(options.rows)")
                }
                if let expected, !expected.matches(totals) {
                    throw BenchmarkError.wrongResult("\(path.rawValue) read other values than the other paths: \(totals) vs \(expected)")
                }
                expected = expected ?? totals
                best[path] = min(best[path] ?? .infinity, seconds)
                progress.note("read round \(round + 1)/\(options.rounds) \(path.rawValue): "
                    + String(format: "%.0f rows/s", Double(options.rows) / seconds))
            }
        }
        return [
            BenchmarkResult(workload: "read", mode: .raw, operations: options.rows, seconds: best[.raw]!, rssMegabytes: peak[.raw]!),
            BenchmarkResult(workload: "read", variant: "rows", mode: .swift, operations: options.rows, seconds: best[.rows]!,
                            rssMegabytes: peak[.rows]!),
            BenchmarkResult(workload: "read", variant: "columnar", mode: .swift, operations: options.rows,
                            seconds: best[.columnar]!, rssMegabytes: peak[.columnar]!),
        ]
    }

    private static func raw(_ connection: Connection, _ sql: String) throws -> Totals {
        var totals = cbench_read_totals()
        try RawBaseline.call(connection) { api, handle, error, length in
            cbench_read_splits(api, handle, sql, &totals, error, length)
        }
        return Totals(rows: Int(totals.rows), idSum: totals.id_sum, stringBytes: Int(totals.string_bytes),
                      doubleSum: totals.double_sum, timestampSum: totals.timestamp_sum)
    }

    private static func measureString(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { $0.count + Int($0.first ?? 0) }
    }

    private static func rows(_ connection: Connection, _ sql: String) throws -> Totals {
        var totals = Totals()
        let result = try connection.query(sql)
        for row in result {
            for column in 0..<2 { if case .int(let v) = row[column] { totals.idSum &+= v } }
            for column in 2..<5 { if case .string(let v) = row[column] { totals.stringBytes += measureString(v) } }
            for column in 5..<7 { if case .double(let v) = row[column] { totals.doubleSum += v } }
            if case .timestampTZ(let v) = row[7] { totals.timestampSum &+= v.micros }
            totals.rows += 1
        }
        return totals
    }

    private static func columnar(_ connection: Connection, _ sql: String) throws -> Totals {
        var totals = Totals()
        try connection.forEachChunk(sql) { chunk in
            for row in 0..<chunk.count {
                for column in 0..<2 where !chunk.isNull(column: column, row: row) {
                    totals.idSum &+= chunk.int64(column: column, row: row)
                }
                for column in 2..<5 where !chunk.isNull(column: column, row: row) {
                    totals.stringBytes += measureString(chunk.string(column: column, row: row))
                }
                for column in 5..<7 where !chunk.isNull(column: column, row: row) {
                    totals.doubleSum += chunk.double(column: column, row: row)
                }
                if !chunk.isNull(column: 7, row: row) { totals.timestampSum &+= chunk.int64(column: 7, row: row) }
            }
            totals.rows += chunk.count
        }
        return totals
    }
}
