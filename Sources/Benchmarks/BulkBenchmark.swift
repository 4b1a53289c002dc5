import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp bench bulk`: split rows through the coordinator's `bulkInsert` (legacy and
/// optimized) against a raw appender on a connection of its own.
///
/// The rows go in calls of `chunk` rows; each call is one transaction in every mode (raw: one
/// appender, closed per chunk). Building the `[[DuckDBValue]]` rows of a call is not timed.
/// ```swift
/// let report = try await BulkBenchmark(options: .init(rows: 100_000)).run(progress: .silent)
/// ```
public struct BulkBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Rows written per mode.
        public var rows: Int
        /// Rows per `bulkInsert` call.
        public var chunk: Int
        /// Modes to run besides raw.
        public var modes: [BenchmarkMode]
        /// The coordinator's configuration.
        public var config: ConnectionConfig
        public init(rows: Int = 2_000_000, chunk: Int = 200_000, modes: [BenchmarkMode] = [.legacy, .optimized],
                    config: ConnectionConfig = .production) {
            self.rows = rows
            self.chunk = chunk
            self.modes = modes
            self.config = config
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs raw, then each mode, each on a fresh database file.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.rows > 0, options.chunk > 0 else { throw BenchmarkError.invalidOption("--rows and --chunk must be > 0") }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        var results: [BenchmarkResult] = []
        for mode in [BenchmarkMode.raw] + options.modes.filter({ $0 != .raw }) {
            let path = folder.databasePath("bulk-\(mode.rawValue)")
            PeakMemory.reset()
            if mode == .raw {
                let seconds: Double
                let options = self.options
                seconds = try await OwnedThreads.run(count: 1, name: "bench-bulk-raw") { _ in
                    Result { try Self.raw(path: path, options: options) }
                }[0].get()
                results.append(BenchmarkResult(workload: "bulk", mode: mode, operations: options.rows, seconds: seconds,
                                               rssMegabytes: PeakMemory.megabytes()))
                progress.note("bulk raw: " + String(format: "%.0f rows/s", Double(options.rows) / seconds))
            } else {
                // Both bulk APIs: rows of values ([[DuckDBValue]]) and typed appends.
                for typed in [true, false] {
                    PeakMemory.reset()
                    let seconds = try await coordinator(mode, path: path + (typed ? "-typed" : ""), typed: typed, progress: progress)
                    results.append(BenchmarkResult(workload: "bulk", variant: typed ? "typed" : "values", mode: mode,
                                                   operations: options.rows, seconds: seconds, rssMegabytes: PeakMemory.megabytes()))
                    progress.note("bulk \(mode.rawValue) \(typed ? "typed" : "values"): "
                                  + String(format: "%.0f rows/s", Double(options.rows) / seconds))
                }
            }
        }
        return BenchmarkReport(workload: "bulk", notes: [
            "\(options.rows) split rows (8 columns) in calls of \(options.chunk) rows, one transaction per call; rows/s",
            "raw = DuckDBKit Appender on its own connection, typed appends, one appender per chunk; coordinator: values = bulkInsert(into:columns:rows:) with [[DuckDBValue]], typed = bulkInsert(into:columns:rows:appending:) with the same typed appends as raw; awaited call by call (building the rows not timed)",
            "coordinator config: \(CoordinatorFactory.describe(options.config)); each mode on a fresh file",
        ], results: results)
    }

    private static func raw(path: String, options: Options) throws -> Double {
        let database = try Database(path: path, options: options.config.databaseOptionsForBenchmarks)
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        try connection.execute(SplitRow.createTable("splits"))
        let started = DispatchTime.now().uptimeNanoseconds
        var first = 0
        while first < options.rows {
            let count = min(options.chunk, options.rows - first)
            try AppenderBenchmark.appendInSwift(connection, table: "splits", rows: count, first: first)
            first += count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        try verify(try connection.query("SELECT count(*) AS n FROM splits")[0]["n"], options.rows)
        return seconds
    }

    private func coordinator(_ mode: BenchmarkMode, path: String, typed: Bool, progress: BenchmarkProgress) async throws -> Double {
        let coordinator = try CoordinatorFactory.open(mode, path: path, config: options.config)
        do {
            try await coordinator.immediateWrite(SplitRow.createTable("splits"))
            var elapsed: UInt64 = 0
            var first = 0
            let bar = progress.bar("bulk \(mode.rawValue) \(typed ? "typed" : "values")", total: options.rows)
            while first < options.rows {
                let count = min(options.chunk, options.rows - first)
                if typed {
                    let rows = (first..<(first + count)).map { SplitRow($0) }
                    let started = DispatchTime.now().uptimeNanoseconds
                    try await coordinator.bulkInsert(into: "splits", columns: SplitRow.columns, rows: rows) { row, appender in
                        try row.appendValues(to: appender)
                    }
                    elapsed += DispatchTime.now().uptimeNanoseconds - started
                } else {
                    let rows = (first..<(first + count)).map { SplitRow($0).values }
                    let started = DispatchTime.now().uptimeNanoseconds
                    try await coordinator.bulkInsert(into: "splits", columns: SplitRow.columns, rows: rows)
                    elapsed += DispatchTime.now().uptimeNanoseconds - started
                }
                first += count
                bar?.advance(by: count)
            }
            bar?.finish()
            try Self.verify(try await coordinator.read("SELECT count(*) AS n FROM splits", [])[0]["n"], options.rows)
            await coordinator.shutdown()
            return Double(elapsed) / 1e9
        } catch {
            await coordinator.shutdown()
            throw error
        }
    }

    static func verify(_ landed: Int, _ expected: Int) throws {
        guard landed == expected else { throw BenchmarkError.wrongResult("\(landed) rows landed, expected \(expected)") }
    }
}

extension ConnectionConfig {
    /// The DuckDB options the coordinator would open its database with, for the raw baselines.
    var databaseOptionsForBenchmarks: DatabaseOptions {
        DatabaseOptions(threads: duckdbThreads, memoryLimit: memoryLimit,
                        extra: checkpointThreshold.map { ["checkpoint_threshold": $0] } ?? [:])
    }
}
