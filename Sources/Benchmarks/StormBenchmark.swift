import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp bench storm`: many concurrent producers writing single-row INSERTs (1% CRITICAL)
/// through the coordinator, against a raw appender-based writer thread.
///
/// ```swift
/// let report = try await StormBenchmark(options: .init(producers: 4, writesEach: 50)).run(progress: .silent)
/// ```
public struct StormBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        public var producers: Int
        /// Writes per producer.
        public var writesEach: Int
        /// Writes a producer keeps outstanding.
        public var window: Int
        /// One write in this many is CRITICAL.
        public var criticalEvery: Int
        /// Coordinator modes besides raw.
        public var modes: [BenchmarkMode]
        public var config: ConnectionConfig
        public init(producers: Int = 32, writesEach: Int = 2_000, window: Int = 16, criticalEvery: Int = 100,
                    modes: [BenchmarkMode] = [.optimized], config: ConnectionConfig = .production) {
            self.producers = producers
            self.writesEach = writesEach
            self.window = window
            self.criticalEvery = criticalEvery
            self.modes = modes
            self.config = config
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs raw, then each coordinator mode, each on a fresh database file.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.producers > 0, options.writesEach > 0, options.window > 0, options.criticalEvery >= 0 else {
            throw BenchmarkError.invalidOption("--clients, --ops and --window must be > 0")
        }
        let producers = WriteProducers(producers: options.producers, writesEach: options.writesEach,
                                       window: options.window, criticalEvery: options.criticalEvery)
        let total = options.producers * options.writesEach
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let sql = SplitRow.insertSQL("storm")
        var results: [BenchmarkResult] = []
        for mode in [BenchmarkMode.raw] + options.modes.filter({ $0 != .raw }) {
            let path = folder.databasePath("storm-\(mode.rawValue)")
            progress.note("storm \(mode.rawValue): \(options.producers) producers × \(options.writesEach) writes")
            PeakMemory.reset()
            let outcome: WriteProducers.Outcome
            let landed: Int
            let batches: Int
            if mode == .raw {
                let database = try Database(path: path, options: options.config.databaseOptionsForBenchmarks)
                let connection = try database.connect()
                try connection.execute(SplitRow.createTable("storm"))
                let writer = RawAppenderWriter(connection: connection, table: "storm")
                do {
                    outcome = try await producers.run { row, _ in try await writer.write(SplitRow(row)) }
                } catch {
                    await writer.stop()
                    throw error
                }
                await writer.stop()
                batches = writer.batches
                landed = try connection.query("SELECT count(*) AS n FROM storm")[0]["n"]
                connection.close()
                database.close()
            } else {
                let coordinator = try CoordinatorFactory.open(mode, path: path, config: options.config)
                do {
                    try await coordinator.immediateWrite(SplitRow.createTable("storm"))
                    outcome = try await producers.run(write: { row, critical in
                        try await coordinator.write(sql, SplitRow(row).values, priority: critical ? .critical : .normal)
                    }, flush: { try await coordinator.flush() })
                    landed = try await coordinator.read("SELECT count(*) AS n FROM storm", [])[0]["n"]
                    batches = await coordinator.stats().batchesTotal
                } catch {
                    await coordinator.shutdown()
                    throw error
                }
                await coordinator.shutdown()
            }
            try BulkBenchmark.verify(landed, total)
            results.append(BenchmarkResult(
                workload: "storm", mode: mode, operations: total, seconds: outcome.seconds,
                p50Milliseconds: outcome.all.percentile(0.5), p99Milliseconds: outcome.all.percentile(0.99),
                criticalP99Milliseconds: outcome.critical.percentile(0.99), rssMegabytes: PeakMemory.megabytes(),
                extra: [("transactions", Double(batches)), ("rows_per_transaction", Double(total) / Double(max(batches, 1)))]))
            progress.note("storm \(mode.rawValue): " + String(format: "%.0f rows/s", Double(total) / outcome.seconds))
        }
        return BenchmarkReport(workload: "storm", notes: [
            "\(options.producers) concurrent producers × \(options.writesEach) single-row INSERTs of split rows, 1 in \(options.criticalEvery) CRITICAL; rows/s; latency = call → durable (committed) return",
            "each producer keeps up to \(options.window) writes outstanding (issues the next without waiting, waits when \(options.window) are in flight), and a producer that has issued its last write flushes every 5 ms while it waits for its writes (end of burst)",
            "raw = one thread owning a connection drains everything queued into one appender (one transaction) and commits, no timeout; coordinator = write(sql, values, priority:)",
            "coordinator config: \(CoordinatorFactory.describe(options.config)); each mode on a fresh file",
        ], results: results)
    }
}
