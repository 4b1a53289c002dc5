import CBenchmarks
import DuckDBKit
import Foundation

/// `sharp bench inserts`: prepared single-row INSERTs of split rows per second, in autocommit
/// and `perTransaction` per transaction, through `PreparedStatement` against a C loop over the
/// same C functions (`duckdb_bind_*`, `duckdb_execute_prepared`).
///
/// ```swift
/// let report = try await InsertBenchmark(options: .init(rows: 2_000)).run(progress: .silent)
/// ```
public struct InsertBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Rows inserted per variant, round and mode.
        public var rows: Int
        /// Rows per transaction in the batched variant.
        public var perTransaction: Int
        /// Rounds per mode (the fastest is reported).
        public var rounds: Int
        public init(rows: Int = 10_000, perTransaction: Int = 500, rounds: Int = 2) {
            self.rows = rows
            self.perTransaction = perTransaction
            self.rounds = rounds
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs the workload and returns the report (raw and swift, for each variant).
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.rows > 0, options.perTransaction > 0, options.rounds > 0 else {
            throw BenchmarkError.invalidOption("--rows, --per-transaction and --rounds must be > 0")
        }
        let options = self.options
        let results = try await OwnedThreads.run(count: 1, name: "bench-inserts") { _ in
            Result { try Self.measure(options, progress: progress) }
        }[0].get()
        return BenchmarkReport(workload: "inserts", notes: [
            "\(options.rows) prepared single-row INSERTs of 8-column split rows per variant and mode; p50/p99 per INSERT (COMMIT counted in the row that triggers it)",
            "variants: autocommit (one commit per row), batch\(options.perTransaction) (BEGIN/COMMIT around \(options.perTransaction) rows)",
            "raw = the same duckdb_bind_*/duckdb_execute_prepared calls in a C loop; fastest of \(options.rounds) alternating rounds",
        ], results: results)
    }

    private struct Measurement {
        var seconds: Double
        var samples: LatencySamples
        var rss: Double
    }

    private static func measure(_ options: Options, progress: BenchmarkProgress) throws -> [BenchmarkResult] {
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let database = try Database(path: folder.databasePath("inserts"))
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        var results: [BenchmarkResult] = []
        for (variant, perTransaction) in [("autocommit", 0), ("batch\(options.perTransaction)", options.perTransaction)] {
            var best: [BenchmarkMode: Measurement] = [:]
            for round in 0..<options.rounds {
                let order: [BenchmarkMode] = round % 2 == 0 ? [.raw, .swift] : [.swift, .raw]
                for mode in order {
                    let table = "inserts_\(mode.rawValue)_\(round)"
                    try connection.execute(SplitRow.createTable(table))
                    PeakMemory.reset()
                    let measurement: Measurement
                    if mode == .raw {
                        measurement = try raw(connection, table: table, rows: options.rows, perTransaction: perTransaction)
                    } else {
                        measurement = try swift(connection, table: table, rows: options.rows, perTransaction: perTransaction)
                    }
                    let landed: Int = try connection.query("SELECT count(*) AS n FROM \(table)")[0]["n"]
                    guard landed == options.rows else {
                        throw BenchmarkError.wrongResult("\(table) holds \(landed) rows, expected \(options.rows)")
                    }
                    try connection.execute("DROP TABLE \(table)")
                    progress.note("inserts \(variant) round \(round + 1)/\(options.rounds) \(mode.rawValue): "
                        + String(format: "%.0f rows/s", Double(options.rows) / measurement.seconds))
                    if measurement.seconds < best[mode]?.seconds ?? .infinity { best[mode] = measurement }
                }
            }
            for mode in [BenchmarkMode.raw, .swift] {
                let m = best[mode]!
                results.append(BenchmarkResult(
                    workload: "inserts", variant: variant, mode: mode, operations: options.rows, seconds: m.seconds,
                    p50Milliseconds: m.samples.percentile(0.5), p99Milliseconds: m.samples.percentile(0.99),
                    rssMegabytes: m.rss))
            }
        }
        return results
    }

    private static func raw(_ connection: Connection, table: String, rows: Int, perTransaction: Int) throws -> Measurement {
        var latencies = [UInt64](repeating: 0, count: rows)
        let started = DispatchTime.now().uptimeNanoseconds
        try latencies.withUnsafeMutableBufferPointer { buffer in
            try RawBaseline.call(connection) { api, handle, error, length in
                cbench_insert_splits(api, handle, table, 0, Int64(rows), Int64(perTransaction),
                                     buffer.baseAddress, error, length)
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var samples = LatencySamples()
        for value in latencies { samples.record(nanoseconds: value) }
        return Measurement(seconds: seconds, samples: samples, rss: PeakMemory.megabytes())
    }

    private static func swift(_ connection: Connection, table: String, rows: Int, perTransaction: Int) throws -> Measurement {
        let statement = try connection.prepare(SplitRow.insertSQL(table))
        defer { statement.close() }
        var latencies = [UInt64](repeating: 0, count: rows)
        var open = false
        let started = DispatchTime.now().uptimeNanoseconds
        for n in 0..<rows {
            let begun = DispatchTime.now().uptimeNanoseconds
            if perTransaction > 0, !open {
                try connection.execute("BEGIN TRANSACTION")
                open = true
            }
            try statement.bind(SplitRow(n).values)
            try statement.execute()
            if open, (n + 1) % perTransaction == 0 || n + 1 == rows {
                try connection.execute("COMMIT")
                open = false
            }
            latencies[n] = DispatchTime.now().uptimeNanoseconds - begun
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var samples = LatencySamples()
        for value in latencies { samples.record(nanoseconds: value) }
        return Measurement(seconds: seconds, samples: samples, rss: PeakMemory.megabytes())
    }
}
