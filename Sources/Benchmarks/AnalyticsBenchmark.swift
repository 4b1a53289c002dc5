import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp bench analytics`: detection-style aggregate queries over a large split table with
/// 1…N concurrent readers, raw (owned threads, one connection each) against the coordinator's
/// reader pool, at equal reader counts.
///
/// ```swift
/// let report = try await AnalyticsBenchmark(options: .init(rows: 100_000, readers: [1, 2], seconds: 1)).run(progress: .silent)
/// ```
public struct AnalyticsBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Rows in the table.
        public var rows: Int
        /// Reader counts to measure.
        public var readers: [Int]
        /// Seconds per reader count and mode.
        public var seconds: Double
        public var modes: [BenchmarkMode]
        /// The coordinator's configuration (its readPoolSize is raised to the largest reader count).
        public var config: ConnectionConfig
        public init(rows: Int = 10_000_000, readers: [Int] = [1, 2, 4, 8], seconds: Double = 5,
                    modes: [BenchmarkMode] = [.optimized], config: ConnectionConfig = .analysis) {
            self.rows = rows
            self.readers = readers
            self.seconds = seconds
            self.modes = modes
            self.config = config
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Loads the table once, then for each reader count runs raw and each mode in turn.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.rows > 0, options.seconds > 0, !options.readers.isEmpty, options.readers.allSatisfy({ $0 > 0 }) else {
            throw BenchmarkError.invalidOption("--rows, --seconds and --readers must be > 0")
        }
        var config = options.config
        config.readPoolSize = max(config.readPoolSize, options.readers.max()!)
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let path = folder.databasePath("analytics")
        progress.note("analytics: loading \(options.rows) rows")
        let rows = options.rows
        let databaseOptions = config.databaseOptionsForBenchmarks
        try await OwnedThreads.run(count: 1, name: "bench-analytics-load") { _ in
            Result {
                let database = try Database(path: path, options: databaseOptions)
                defer { database.close() }
                let connection = try database.connect()
                defer { connection.close() }
                try RawBaseline.loadSplits(connection, table: "splits", rows: rows)
                try connection.execute("CHECKPOINT")
            }
        }[0].get()
        var results: [BenchmarkResult] = []
        var single: [BenchmarkMode: Double] = [:]
        for readers in options.readers {
            for mode in [BenchmarkMode.raw] + options.modes.filter({ $0 != .raw }) {
                PeakMemory.reset()
                let (samples, seconds) = mode == .raw
                    ? try await raw(path: path, readers: readers, options: databaseOptions)
                    : try await coordinator(mode, path: path, readers: readers, config: config)
                let qps = Double(samples.count) / seconds
                if readers == options.readers.min() { single[mode] = qps / Double(readers) }
                results.append(BenchmarkResult(
                    workload: "analytics", variant: "readers=\(readers)", mode: mode, operations: samples.count,
                    seconds: seconds, p50Milliseconds: samples.percentile(0.5), p99Milliseconds: samples.percentile(0.99),
                    rssMegabytes: PeakMemory.megabytes(),
                    extra: [("readers", Double(readers)), ("scaling", single[mode].map { qps / $0 })]))
                progress.note("analytics readers=\(readers) \(mode.rawValue): " + String(format: "%.2f queries/s", qps))
            }
        }
        return BenchmarkReport(workload: "analytics", notes: [
            "\(DetectionQueries.all.count) detection-style aggregate queries in rotation over \(options.rows) split rows; \(options.seconds) s per reader count and mode; queries/s",
            "raw = N owned threads, one connection each, Connection.query; coordinator = N concurrent tasks calling read() (reader pool of \(config.readPoolSize))",
            "scaling = queries/s over (queries/s per reader at the smallest reader count); DuckDB threads: \(config.duckdbThreads.map(String.init) ?? "default (one per core)")",
        ], results: results)
    }

    private func raw(path: String, readers: Int, options: DatabaseOptions) async throws -> (LatencySamples, Double) {
        let seconds = self.options.seconds
        let database = try Database(path: path, options: options)
        defer { database.close() }
        // Warm the buffer pool, as the coordinator's phase does.
        _ = try await OwnedThreads.run(count: 1, name: "raw-warm") { _ in
            Result { try database.connect().query(DetectionQueries.all[1]) }
        }[0].get()
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(seconds * 1e9)
        let parts = await OwnedThreads.run(count: readers, name: "raw-reader") { reader in
            Result { () throws -> LatencySamples in
                let connection = try database.connect()
                defer { connection.close() }
                var samples = LatencySamples()
                var next = reader
                var loop = TimedLoop(deadline: deadline)
                while loop.next() {
                    let begun = DispatchTime.now().uptimeNanoseconds
                    _ = try connection.query(DetectionQueries.all[next % DetectionQueries.all.count])
                    samples.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                    next += 1
                }
                return samples
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var total = LatencySamples()
        for part in parts { total.merge(try part.get()) }
        return (total, elapsed)
    }

    private func coordinator(_ mode: BenchmarkMode, path: String, readers: Int,
                             config: ConnectionConfig) async throws -> (LatencySamples, Double) {
        let seconds = options.seconds
        let coordinator = try CoordinatorFactory.open(mode, path: path, config: config)
        do {
            _ = try await coordinator.read(DetectionQueries.all[1], [])
            let started = DispatchTime.now().uptimeNanoseconds
            let deadline = started + UInt64(seconds * 1e9)
            let total = try await withThrowingTaskGroup(of: LatencySamples.self) { group in
                for reader in 0..<readers {
                    group.addTask {
                        var samples = LatencySamples()
                        var next = reader
                        var loop = TimedLoop(deadline: deadline)
                        while loop.next() {
                            let begun = DispatchTime.now().uptimeNanoseconds
                            _ = try await coordinator.read(DetectionQueries.all[next % DetectionQueries.all.count], [])
                            samples.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                            next += 1
                        }
                        return samples
                    }
                }
                var total = LatencySamples()
                for try await part in group { total.merge(part) }
                return total
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            await coordinator.shutdown()
            return (total, elapsed)
        } catch {
            await coordinator.shutdown()
            throw error
        }
    }
}
