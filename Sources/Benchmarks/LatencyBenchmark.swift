import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp bench latency`: one client on an idle database, sequential single-row NORMAL writes
/// (each awaited before the next), then sequential point reads, against raw autocommit on one
/// connection. What a lone service call costs; group commit's goal is write p50 ≤ 2× raw.
///
/// ```swift
/// let report = try await LatencyBenchmark(options: .init(operations: 200)).run(progress: .silent)
/// ```
public struct LatencyBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Writes, then reads, per mode.
        public var operations: Int
        /// Rows in the table before the run (the point reads look these up).
        public var tableRows: Int
        public var modes: [BenchmarkMode]
        public var config: ConnectionConfig
        public init(operations: Int = 1_000, tableRows: Int = 100_000, modes: [BenchmarkMode] = [.optimized],
                    config: ConnectionConfig = .production) {
            self.operations = operations
            self.tableRows = tableRows
            self.modes = modes
            self.config = config
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    private struct Outcome: Sendable {
        var writes = LatencySamples()
        var reads = LatencySamples()
        var writeSeconds = 0.0
        var readSeconds = 0.0
    }

    /// Runs raw, then each coordinator mode, each on a fresh table.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.operations > 0, options.tableRows > 0 else {
            throw BenchmarkError.invalidOption("--ops and --rows must be > 0")
        }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        var results: [BenchmarkResult] = []
        let options = self.options
        for mode in [BenchmarkMode.raw] + options.modes.filter({ $0 != .raw }) {
            let path = folder.databasePath("latency-\(mode.rawValue)")
            try await OwnedThreads.run(count: 1, name: "bench-latency-load") { _ in
                Result {
                    let database = try Database(path: path)
                    defer { database.close() }
                    let connection = try database.connect()
                    defer { connection.close() }
                    try RawBaseline.loadSplits(connection, table: "splits", rows: options.tableRows)
                }
            }[0].get()
            progress.note("latency \(mode.rawValue): \(options.operations) writes, then \(options.operations) reads")
            PeakMemory.reset()
            let outcome = mode == .raw ? try await raw(path: path) : try await coordinator(mode, path: path)
            let rss = PeakMemory.megabytes()
            results.append(BenchmarkResult(
                workload: "latency", variant: "write", mode: mode, operations: outcome.writes.count,
                seconds: outcome.writeSeconds, p50Milliseconds: outcome.writes.percentile(0.5),
                p99Milliseconds: outcome.writes.percentile(0.99), rssMegabytes: rss))
            results.append(BenchmarkResult(
                workload: "latency", variant: "read", mode: mode, operations: outcome.reads.count,
                seconds: outcome.readSeconds, p50Milliseconds: outcome.reads.percentile(0.5),
                p99Milliseconds: outcome.reads.percentile(0.99), rssMegabytes: rss))
            progress.note("latency \(mode.rawValue): write p50 "
                + String(format: "%.3f ms, read p50 %.3f ms", outcome.writes.percentile(0.5) ?? 0,
                         outcome.reads.percentile(0.5) ?? 0))
        }
        return BenchmarkReport(workload: "latency", notes: [
            "one client, idle database with \(options.tableRows) split rows: \(options.operations) single-row INSERTs one after another (each awaited), then \(options.operations) point reads by id",
            "raw = one connection on an owned thread, prepared statements, each INSERT its own autocommit transaction",
            "coordinator: write(…, priority: .normal) and read(…); latency = call → committed / rows returned",
            "coordinator config: \(CoordinatorFactory.describe(options.config))",
        ], results: results)
    }

    private func raw(path: String) async throws -> Outcome {
        let options = self.options
        return try await OwnedThreads.run(count: 1, name: "raw-latency") { _ in
            Result { () throws -> Outcome in
                let database = try Database(path: path)
                defer { database.close() }
                let connection = try database.connect()
                defer { connection.close() }
                let insert = try connection.prepare(MixedOperations.writeSQL)
                let point = try connection.prepare(MixedOperations.pointSQL)
                defer { insert.close(); point.close() }
                var outcome = Outcome()
                var started = DispatchTime.now().uptimeNanoseconds
                for n in 0..<options.operations {
                    let begun = DispatchTime.now().uptimeNanoseconds
                    try insert.bind(SplitRow(options.tableRows + n).values)
                    try insert.execute()
                    outcome.writes.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                }
                outcome.writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                started = DispatchTime.now().uptimeNanoseconds
                for n in 0..<options.operations {
                    let begun = DispatchTime.now().uptimeNanoseconds
                    try point.bind([.int(Int64((n &* 7_919) % options.tableRows))])
                    _ = try point.query()
                    outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                }
                outcome.readSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                return outcome
            }
        }[0].get()
    }

    private func coordinator(_ mode: BenchmarkMode, path: String) async throws -> Outcome {
        let options = self.options
        let db = try CoordinatorFactory.open(mode, path: path, config: options.config)
        var outcome = Outcome()
        do {
            var started = DispatchTime.now().uptimeNanoseconds
            for n in 0..<options.operations {
                let begun = DispatchTime.now().uptimeNanoseconds
                try await db.write(MixedOperations.writeSQL, SplitRow(options.tableRows + n).values, priority: .normal)
                outcome.writes.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
            }
            outcome.writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            started = DispatchTime.now().uptimeNanoseconds
            for n in 0..<options.operations {
                let begun = DispatchTime.now().uptimeNanoseconds
                _ = try await db.read(MixedOperations.pointSQL, [.int(Int64((n &* 7_919) % options.tableRows))])
                outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
            }
            outcome.readSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let landed: Int = try await db.read("SELECT count(*) AS n FROM splits", [])[0]["n"]
            guard landed == options.tableRows + options.operations else {
                throw BenchmarkError.wrongResult("splits holds \(landed) rows, expected \(options.tableRows + options.operations)")
            }
        } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
        return outcome
    }
}
