import DuckDBKit
import Foundation

/// `sharp bench appender`: split rows through the Swift `Appender` against the same C
/// functions called in a tight C loop (`CBenchmarks`), on one database, in one process.
///
/// Each round appends `rows` rows into a fresh table per mode, alternating which mode goes
/// first; the fastest round of each mode is reported (noise on a shared machine only adds time).
/// ```swift
/// let report = try await AppenderBenchmark(options: .init(rows: 200_000)).run(progress: .silent)
/// ```
public struct AppenderBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Rows appended per round and mode.
        public var rows: Int
        /// Rounds per mode.
        public var rounds: Int
        public init(rows: Int = 1_000_000, rounds: Int = 3) {
            self.rows = rows
            self.rounds = rounds
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs the workload and returns the report (raw and swift).
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.rows > 0, options.rounds > 0 else { throw BenchmarkError.invalidOption("--rows and --rounds must be > 0") }
        let options = self.options
        let results = try await OwnedThreads.run(count: 1, name: "bench-appender") { _ in
            Result { try Self.measure(options, progress: progress) }
        }[0].get()
        return BenchmarkReport(workload: "appender", notes: [
            "\(options.rows) split rows (8 columns: 2 BIGINT, 3 VARCHAR, 2 DOUBLE, TIMESTAMPTZ) per round, one appender, closed (committed) in the timing",
            "raw = the same duckdb_append_* calls in a C loop (CBenchmarks); fastest of \(options.rounds) alternating rounds",
        ], results: results)
    }

    private static func measure(_ options: Options, progress: BenchmarkProgress) throws -> [BenchmarkResult] {
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let database = try Database(path: folder.databasePath("appender"))
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        var best: [BenchmarkMode: Double] = [:]
        var peak: [BenchmarkMode: Double] = [:]
        for round in 0..<options.rounds {
            let order: [BenchmarkMode] = round % 2 == 0 ? [.raw, .swift] : [.swift, .raw]
            for mode in order {
                let table = "splits_\(mode.rawValue)_\(round)"
                try connection.execute(SplitRow.createTable(table))
                PeakMemory.reset()
                let started = DispatchTime.now().uptimeNanoseconds
                switch mode {
                case .raw: try RawBaseline.appendSplits(connection, table: table, first: 0, count: options.rows)
                default: try appendInSwift(connection, table: table, rows: options.rows)
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                peak[mode] = max(peak[mode] ?? 0, PeakMemory.megabytes())
                let landed: Int = try connection.query("SELECT count(*) AS n FROM \(table)")[0]["n"]
                guard landed == options.rows else {
                    throw BenchmarkError.wrongResult("\(table) holds \(landed) rows, expected \(options.rows)")
                }
                best[mode] = min(best[mode] ?? .infinity, seconds)
                progress.note("appender round \(round + 1)/\(options.rounds) \(mode.rawValue): "
                    + String(format: "%.0f rows/s", Double(options.rows) / seconds))
                try connection.execute("DROP TABLE \(table)")
            }
        }
        return [BenchmarkMode.raw, .swift].map { mode in
            BenchmarkResult(workload: "appender", mode: mode, operations: options.rows, seconds: best[mode]!,
                            rssMegabytes: peak[mode]!)
        }
    }

    /// The Swift side: the same rows, through `Appender`.
    static func appendInSwift(_ connection: Connection, table: String, rows: Int, first: Int = 0) throws {
        let appender = try connection.appender(table: table)
        for i in first..<(first + rows) { try SplitRow(i).append(to: appender) }
        try appender.close()
    }
}
