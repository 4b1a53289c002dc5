import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp bench mixed`: concurrent clients doing point and aggregate reads on a split table
/// with a share of single-row writes, in raw, legacy and optimized modes.
///
/// ```swift
/// let report = try await MixedBenchmark(options: .init(clients: 4, seconds: 1, tableRows: 10_000)).run(progress: .silent)
/// ```
public struct MixedBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        public var clients: Int
        /// How long the clients issue operations, per mode.
        public var seconds: Double
        /// Rows in the table before the run.
        public var tableRows: Int
        /// Share of operations that are writes, in percent.
        public var writePercent: Int
        /// Writes a coordinator client keeps outstanding.
        public var window: Int
        public var modes: [BenchmarkMode]
        public var config: ConnectionConfig
        public init(clients: Int = 16, seconds: Double = 10, tableRows: Int = 2_000_000, writePercent: Int = 20,
                    window: Int = 8, modes: [BenchmarkMode] = [.legacy, .optimized],
                    config: ConnectionConfig = .sharpMonitor) {
            self.clients = clients
            self.seconds = seconds
            self.tableRows = tableRows
            self.writePercent = writePercent
            self.window = window
            self.modes = modes
            self.config = config
        }
    }

    /// What the clients of one mode did.
    struct Outcome: Sendable {
        var reads = LatencySamples()
        var writes = LatencySamples()
        var seconds = 0.0

        mutating func merge(_ other: Outcome) {
            reads.merge(other.reads)
            writes.merge(other.writes)
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs raw, then each coordinator mode, each on a fresh copy of the table.
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.clients > 0, options.seconds > 0, options.tableRows > 0, options.window > 0,
              (0...100).contains(options.writePercent) else {
            throw BenchmarkError.invalidOption("--clients, --seconds, --rows and --window must be > 0; write share 0…100")
        }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        var results: [BenchmarkResult] = []
        for mode in [BenchmarkMode.raw] + options.modes.filter({ $0 != .raw }) {
            let path = folder.databasePath("mixed-\(mode.rawValue)")
            progress.note("mixed \(mode.rawValue): loading \(options.tableRows) rows")
            let options = self.options
            try await OwnedThreads.run(count: 1, name: "bench-mixed-load") { _ in
                Result {
                    let database = try Database(path: path, options: options.config.databaseOptionsForBenchmarks)
                    defer { database.close() }
                    let connection = try database.connect()
                    defer { connection.close() }
                    try RawBaseline.loadSplits(connection, table: "splits", rows: options.tableRows)
                }
            }[0].get()
            progress.note("mixed \(mode.rawValue): \(options.clients) clients for \(options.seconds) s")
            PeakMemory.reset()
            let outcome = mode == .raw ? try await raw(path: path) : try await coordinator(mode, path: path)
            let operations = outcome.reads.count + outcome.writes.count
            var all = outcome.reads
            all.merge(outcome.writes)
            results.append(BenchmarkResult(
                workload: "mixed", mode: mode, operations: operations, seconds: outcome.seconds,
                p50Milliseconds: all.percentile(0.5), p99Milliseconds: all.percentile(0.99),
                rssMegabytes: PeakMemory.megabytes(),
                extra: [("read_p50_ms", outcome.reads.percentile(0.5)), ("read_p99_ms", outcome.reads.percentile(0.99)),
                        ("write_p50_ms", outcome.writes.percentile(0.5)), ("write_p99_ms", outcome.writes.percentile(0.99)),
                        ("writes", Double(outcome.writes.count))]))
            progress.note("mixed \(mode.rawValue): " + String(format: "%.0f ops/s", Double(operations) / outcome.seconds))
        }
        return BenchmarkReport(workload: "mixed", notes: [
            "\(options.clients) clients for \(options.seconds) s on a \(options.tableRows)-row split table: \(100 - options.writePercent)% reads (half point lookups by id, half per-game aggregates), \(options.writePercent)% single-row INSERTs",
            "raw = one owned thread and connection per client, prepared statements, each write its own autocommit transaction (awaited)",
            "coordinator clients await each read and keep up to \(options.window) writes outstanding (when the time is up, flush() every 5 ms until they returned); write latency = call → committed",
            "coordinator config: \(CoordinatorFactory.describe(options.config)); each mode on a fresh copy of the table; rows written are checked",
        ], results: results)
    }

    private func raw(path: String) async throws -> Outcome {
        let options = self.options
        let database = try Database(path: path, options: options.config.databaseOptionsForBenchmarks)
        defer { database.close() }
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = started + UInt64(options.seconds * 1e9)
        let parts = await OwnedThreads.run(count: options.clients, name: "raw-client") { client in
            Result { () throws -> Outcome in
                let connection = try database.connect()
                defer { connection.close() }
                let point = try connection.prepare(MixedOperations.pointSQL)
                let aggregate = try connection.prepare(MixedOperations.aggregateSQL)
                let insert = try connection.prepare(MixedOperations.writeSQL)
                defer { point.close(); aggregate.close(); insert.close() }
                var operations = MixedOperations(client: client, tableRows: options.tableRows, writePercent: options.writePercent)
                var outcome = Outcome()
                var loop = TimedLoop(deadline: deadline)
                while loop.next() {
                    let begun = DispatchTime.now().uptimeNanoseconds
                    switch operations.nextOperation() {
                    case .point(let id):
                        try point.bind([.int(Int64(id))])
                        _ = try point.query()
                        outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                    case .aggregate(let game):
                        try aggregate.bind([.int(game)])
                        _ = try aggregate.query()
                        outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                    case .write(let row):
                        try insert.bind(SplitRow(row).values)
                        try insert.execute()
                        outcome.writes.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                    }
                }
                return outcome
            }
        }
        var total = Outcome()
        for part in parts { total.merge(try part.get()) }
        total.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let landed: Int = try await OwnedThreads.run(count: 1, name: "raw-check") { _ in
            Result { try database.connect().query("SELECT count(*) AS n FROM splits")[0]["n", as: Int.self] }
        }[0].get()
        try BulkBenchmark.verify(landed, options.tableRows + total.writes.count)
        return total
    }

    private func coordinator(_ mode: BenchmarkMode, path: String) async throws -> Outcome {
        let options = self.options
        let coordinator = try CoordinatorFactory.open(mode, path: path, config: options.config)
        do {
            let started = DispatchTime.now().uptimeNanoseconds
            let deadline = started + UInt64(options.seconds * 1e9)
            // When the time is up, flush every 5 ms so that writes issued last do not wait the batch timeout.
            let flusher = EndOfBurstFlusher(when: { DispatchTime.now().uptimeNanoseconds >= deadline }) {
                try await coordinator.flush()
            }
            defer { flusher.stop() }
            var total = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for client in 0..<options.clients {
                    group.addTask { try await Self.client(client, coordinator, options, deadline: deadline) }
                }
                var total = Outcome()
                for try await part in group { total.merge(part) }
                return total
            }
            total.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let landed: Int = try await coordinator.read("SELECT count(*) AS n FROM splits", [])[0]["n"]
            try BulkBenchmark.verify(landed, options.tableRows + total.writes.count)
            await coordinator.shutdown()
            return total
        } catch {
            await coordinator.shutdown()
            throw error
        }
    }

    private static func client(_ client: Int, _ coordinator: DatabaseCoordinator, _ options: Options,
                               deadline: UInt64) async throws -> Outcome {
        var operations = MixedOperations(client: client, tableRows: options.tableRows, writePercent: options.writePercent)
        var outcome = Outcome()
        try await withThrowingTaskGroup(of: UInt64.self) { writes in
            var outstanding = 0
            var loop = TimedLoop(deadline: deadline)
            while loop.next() {
                let begun = DispatchTime.now().uptimeNanoseconds
                switch operations.nextOperation() {
                case .point(let id):
                    _ = try await coordinator.read(MixedOperations.pointSQL, [.int(Int64(id))])
                    outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                case .aggregate(let game):
                    _ = try await coordinator.read(MixedOperations.aggregateSQL, [.int(game)])
                    outcome.reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                case .write(let row):
                    if outstanding == options.window, let done = try await writes.next() {
                        outcome.writes.record(nanoseconds: done)
                        outstanding -= 1
                    }
                    writes.addTask {
                        try await coordinator.write(MixedOperations.writeSQL, SplitRow(row).values)
                        return DispatchTime.now().uptimeNanoseconds - begun
                    }
                    outstanding += 1
                }
            }
            while let done = try await writes.next() { outcome.writes.record(nanoseconds: done) }
        }
        return outcome
    }
}
