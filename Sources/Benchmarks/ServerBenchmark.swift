import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import ThrowawayPostgres

/// `sharp bench server`: the storm and mixed workloads through `sharp serve`'s wire-protocol
/// server with N real protocol clients on loopback, next to the same workload in process, and
/// optionally (`--peer postgres`) the same client code against a throwaway PostgreSQL cluster.
///
/// ```swift
/// let report = try await ServerBenchmark(options: .init(clients: 2, opsEach: 10, writers: 2, writesEach: 10,
///                                                       tableRows: 1_000)).run(progress: .silent)
/// ```
/// Clients run their operations one after the other, each awaited (a psycopg-style client):
/// throughput is what N such clients get. Every acknowledged write is checked to be there.
public struct ServerBenchmark: Sendable {
    public struct Options: Sendable {
        /// Mixed: clients × operations each, `writePercent`% single-row INSERTs, the rest reads.
        public var clients: Int
        public var opsEach: Int
        public var writePercent: Int
        /// Storm: writers × single-row INSERTs each.
        public var writers: Int
        public var writesEach: Int
        /// Rows in the table before each run.
        public var tableRows: Int
        public var peerPostgres: Bool
        public var config: ConnectionConfig

        public init(clients: Int = 8, opsEach: Int = 100, writePercent: Int = 20, writers: Int = 16, writesEach: Int = 200,
                    tableRows: Int = 200_000, peerPostgres: Bool = false, config: ConnectionConfig = .production) {
            self.clients = clients
            self.opsEach = opsEach
            self.writePercent = writePercent
            self.writers = writers
            self.writesEach = writesEach
            self.tableRows = tableRows
            self.peerPostgres = peerPostgres
            self.config = config
        }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    static let createSQL = """
        CREATE TABLE bench (id BIGINT PRIMARY KEY, game BIGINT NOT NULL, book VARCHAR(32) NOT NULL,
          money_pct DOUBLE PRECISION, bets_pct DOUBLE PRECISION, captured TIMESTAMPTZ)
        """
    static let indexSQL = "CREATE INDEX bench_game ON bench (game)"
    static let pointSQL = "SELECT id, game, book, money_pct, bets_pct, captured FROM bench WHERE id = $1"
    static let aggregateSQL = "SELECT count(*) AS n, avg(money_pct) AS m FROM bench WHERE game = $1"
    static let insertSQL = "INSERT INTO bench VALUES ($1, $2, $3, $4, $5, $6)"

    static func loadSQL(rows: Int, postgres: Bool) -> String {
        postgres
            ? "INSERT INTO bench SELECT i, i % 500, 'book' || (i % 7), (i % 100)::float8, (i % 97)::float8, TIMESTAMPTZ '2025-06-17 00:00:00+00' + make_interval(secs => i) FROM generate_series(0, \(rows - 1)) AS t(i)"
            : "INSERT INTO bench SELECT i, i % 500, 'book' || (i % 7), (i % 100)::DOUBLE, (i % 97)::DOUBLE, TIMESTAMPTZ '2025-06-17 00:00:00+00' + to_seconds(i) FROM range(\(rows)) AS t(i)"
    }

    static func row(_ id: Int) -> [DuckDBValue] {
        [.int(Int64(id)), .int(Int64(id % 500)), .string("book\(id % 7)"), .double(Double(id % 100)), .double(Double(id % 97)),
         .timestampTZ(DuckDBTimestamp(micros: 1_750_118_400_000_000 + Int64(id) * 1_000_000))]
    }

    /// One target: where clients connect, made fresh (table loaded) for each workload.
    private enum Target: CaseIterable { case inProcess, server, postgres }

    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.clients > 0, options.opsEach > 0, options.writers > 0, options.writesEach > 0, options.tableRows > 0,
              (0...100).contains(options.writePercent) else {
            throw BenchmarkError.invalidOption("--clients, --ops, --writers, --writes and --rows must be > 0; write share 0…100")
        }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        var cluster: PostgresCluster?
        if options.peerPostgres {
            progress.note("starting a throwaway PostgreSQL cluster")
            cluster = try PostgresCluster.start()
        }
        defer { cluster?.stop() }
        var results: [BenchmarkResult] = []
        var figures: [String: Double] = [:]
        let targets: [Target] = options.peerPostgres ? [.inProcess, .server, .postgres] : [.inProcess, .server]
        for workload in ["storm", "mixed"] {
            for target in targets {
                let mode: BenchmarkMode = switch target { case .inProcess: .optimized; case .server: .server; case .postgres: .postgres }
                progress.note("\(workload) \(mode.rawValue): loading \(options.tableRows) rows")
                let path = folder.databasePath("\(workload)-\(mode.rawValue)")
                var owner: DatabaseCoordinator?
                var server: CoordinatorServer?
                var clients: [any DatabaseCoordinating] = []
                let count = workload == "storm" ? options.writers : options.clients
                do {
                    switch target {
                    case .inProcess, .server:
                        let db = try DatabaseCoordinator(path: path, mode: .optimized, config: options.config)
                        owner = db
                        try await db.immediateWrite(Self.createSQL)
                        try await db.immediateWrite(Self.loadSQL(rows: options.tableRows, postgres: false))
                        try await db.immediateWrite(Self.indexSQL)
                        if target == .inProcess {
                            clients = Array(repeating: db, count: count)
                        } else {
                            let running = CoordinatorServer(coordinator: db, configuration: ServerConfiguration(
                                host: "127.0.0.1", port: 0, unixSocketDirectory: nil, maxConnections: count + 8))
                            server = running
                            let port = try await running.start().port!
                            for _ in 0..<count {
                                clients.append(try await RemoteCoordinator.connect(
                                    to: RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: port)), maxConnections: 1))
                            }
                        }
                    case .postgres:
                        let endpoint = RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: cluster!.port), user: cluster!.user, database: "postgres")
                        let setup = try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)
                        _ = try? await setup.immediateWrite("DROP TABLE IF EXISTS bench", [])
                        try await setup.immediateWrite(Self.createSQL, [])
                        try await setup.immediateWrite(Self.loadSQL(rows: options.tableRows, postgres: true), [])
                        try await setup.immediateWrite(Self.indexSQL, [])
                        try await setup.immediateWrite("VACUUM ANALYZE bench", [])
                        await setup.shutdown()
                        for _ in 0..<count { clients.append(try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)) }
                    }
                    progress.note("\(workload) \(mode.rawValue): \(count) clients")
                    PeakMemory.reset()
                    let result = workload == "storm"
                        ? try await storm(clients, mode: mode) : try await mixed(clients, mode: mode)
                    results.append(result)
                    figures["\(workload)-\(mode.rawValue)"] = result.opsPerSecond
                    progress.note("\(workload) \(mode.rawValue): " + String(format: "%.0f %@/s", result.opsPerSecond, workload == "storm" ? "rows" : "ops"))
                } catch {
                    await Self.close(clients, target: target, server: server, owner: owner)
                    throw error
                }
                await Self.close(clients, target: target, server: server, owner: owner)
            }
        }
        var notes = [
            "storm: \(options.writers) clients × \(options.writesEach) single-row INSERTs each, one after the other (awaited), into a \(options.tableRows)-row table with a primary key; rows/s",
            "mixed: \(options.clients) clients × \(options.opsEach) operations each, one after the other: \(100 - options.writePercent)% reads (half point lookups by id, half per-game aggregates), \(options.writePercent)% single-row INSERTs; ops/s",
            "optimized = the same clients as tasks calling one in-process DatabaseCoordinator; server = CoordinatorServer (sharp serve) on 127.0.0.1, one RemoteCoordinator session per client over TCP; postgres = the same RemoteCoordinator code against PostgreSQL (initdb, defaults, fsync on)",
            "coordinator config: \(CoordinatorFactory.describe(options.config)); every acknowledged write is checked to be in the table; rss = this process's peak (for postgres the server's own memory is not included)",
        ]
        for workload in ["storm", "mixed"] {
            let inProcess = figures["\(workload)-optimized"] ?? 0, served = figures["\(workload)-server"] ?? 0
            var line = "\(workload): server/in-process " + String(format: "%.2f", inProcess > 0 ? served / inProcess : 0)
            if let postgres = figures["\(workload)-postgres"], postgres > 0 {
                line += ", server/postgres " + String(format: "%.2f", served / postgres)
            }
            notes.append(line)
        }
        return BenchmarkReport(workload: "server", notes: notes, results: results)
    }

    private static func close(_ clients: [any DatabaseCoordinating], target: Target, server: CoordinatorServer?, owner: DatabaseCoordinator?) async {
        if target != .inProcess { for client in clients { await client.shutdown() } }
        await server?.stop()
        await owner?.shutdown()
    }

    private func storm(_ clients: [any DatabaseCoordinating], mode: BenchmarkMode) async throws -> BenchmarkResult {
        let options = options
        let started = DispatchTime.now().uptimeNanoseconds
        let latencies = try await withThrowingTaskGroup(of: LatencySamples.self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    var samples = LatencySamples()
                    for i in 0..<options.writesEach {
                        let begun = DispatchTime.now().uptimeNanoseconds
                        let id = options.tableRows + index * options.writesEach + i
                        try await client.write(Self.insertSQL, Self.row(id), priority: .normal)
                        samples.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                    }
                    return samples
                }
            }
            var all = LatencySamples()
            for try await part in group { all.merge(part) }
            return all
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let total = options.writers * options.writesEach
        let landed: Int = try await clients[0].read("SELECT count(*) AS n FROM bench WHERE id >= $1", [.int(Int64(options.tableRows))])[0]["n"]
        try BulkBenchmark.verify(landed, total)
        return BenchmarkResult(workload: "server", variant: "storm", mode: mode, operations: total, seconds: seconds,
                               p50Milliseconds: latencies.percentile(0.5), p99Milliseconds: latencies.percentile(0.99),
                               rssMegabytes: PeakMemory.megabytes())
    }

    private func mixed(_ clients: [any DatabaseCoordinating], mode: BenchmarkMode) async throws -> BenchmarkResult {
        let options = options
        let started = DispatchTime.now().uptimeNanoseconds
        let (reads, writes) = try await withThrowingTaskGroup(of: (LatencySamples, LatencySamples).self) { group in
            for (index, client) in clients.enumerated() {
                group.addTask {
                    var reads = LatencySamples(), writes = LatencySamples()
                    var random = SystemRandomNumberGenerator()
                    var written = 0
                    for op in 0..<options.opsEach {
                        let begun = DispatchTime.now().uptimeNanoseconds
                        let roll = (op * 37 + index * 11) % 100
                        if roll < options.writePercent {
                            let id = options.tableRows + 1_000_000 + index * options.opsEach + written
                            written += 1
                            try await client.write(Self.insertSQL, Self.row(id), priority: .normal)
                            writes.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                        } else if roll % 2 == 0 {
                            let id = Int.random(in: 0..<options.tableRows, using: &random)
                            let found = try await client.read(Self.pointSQL, [.int(Int64(id))])
                            guard found.rows.count == 1 else { throw BenchmarkError.wrongResult("id \(id) not found") }
                            reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                        } else {
                            _ = try await client.read(Self.aggregateSQL, [.int(Int64.random(in: 0..<500, using: &random))])
                            reads.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                        }
                    }
                    return (reads, writes)
                }
            }
            var reads = LatencySamples(), writes = LatencySamples()
            for try await (r, w) in group { reads.merge(r); writes.merge(w) }
            return (reads, writes)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let landed: Int = try await clients[0].read("SELECT count(*) AS n FROM bench WHERE id >= $1",
                                                    [.int(Int64(options.tableRows + 1_000_000))])[0]["n"]
        try BulkBenchmark.verify(landed, writes.count)
        var all = reads
        all.merge(writes)
        return BenchmarkResult(workload: "server", variant: "mixed", mode: mode, operations: reads.count + writes.count, seconds: seconds,
                               p50Milliseconds: all.percentile(0.5), p99Milliseconds: all.percentile(0.99),
                               rssMegabytes: PeakMemory.megabytes(),
                               extra: [("read_p50_ms", reads.percentile(0.5)), ("write_p50_ms", writes.percentile(0.5)),
                                       ("writes", Double(writes.count))])
    }
}
