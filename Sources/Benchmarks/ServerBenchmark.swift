import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import ThrowawayPostgres

/// `sharp bench server`: `sharp serve` driven by the clients users have — pgbench (custom
/// scripts, `-M simple|extended|prepared`), psycopg2 (literal SQL) and sharp's own client —
/// next to the same workload in process and (`--peer postgres`) against a throwaway PostgreSQL
/// cluster, in one run, with ratios.
///
/// ```swift
/// var options = ServerBenchmark.Options(serverExecutable: "/usr/local/bin/sharp")
/// options.workloads = [.storm]
/// options.seconds = 2
/// let report = try await ServerBenchmark(options: options).run(progress: .silent)
/// ```
///
/// The server runs as its own process (`sharp serve`, as users run it), so its CPU per
/// statement and its peak RSS are its own; PostgreSQL's CPU is the whole cluster's (postmaster,
/// backends, background writers). Every acknowledged write is checked to be in the table, and
/// every read to return the rows it should; a client that fails is reported with its error
/// instead of a figure.
public struct ServerBenchmark: Sendable {
    /// What the clients do.
    public enum Workload: String, Sendable, CaseIterable {
        /// `writers` clients, each one single-row INSERT after the other.
        case storm
        /// `clients` clients, 80% reads (point by key, per-game aggregate), 20% single-row INSERTs.
        case mixed
        /// `bulkRows` rows in by COPY FROM STDIN (in process: the typed bulk insert).
        case bulkIn = "bulk-in"
        /// `bulkRows` rows out: `SELECT *` fetched whole, and COPY TO STDOUT.
        case bulkOut = "bulk-out"
        /// The analytic queries over `bulkRows` rows, each `repeat` times.
        case analytics

        /// Parses `storm,mixed,…`.
        public static func parseList(_ text: String) throws -> [Workload] {
            try text.split(separator: ",").map { name in
                guard let workload = Workload(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw BenchmarkError.invalidOption("unknown workload \"\(name)\" (expected \(allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return workload
            }
        }
    }

    /// The clients.
    public enum Driver: String, Sendable, CaseIterable {
        case pgbench, psycopg2
        /// sharp's own client (`RemoteCoordinator`).
        case ours

        public static func parseList(_ text: String) throws -> [Driver] {
            try text.split(separator: ",").map { name in
                guard let driver = Driver(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw BenchmarkError.invalidOption("unknown driver \"\(name)\" (expected \(allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return driver
            }
        }
    }

    public struct Options: Sendable {
        public var workloads: [Workload] = Workload.allCases
        public var drivers: [Driver] = Driver.allCases
        public var pgbenchModes: [Pgbench.Mode] = Pgbench.Mode.allCases
        /// Storm clients.
        public var writers = 16
        /// Mixed clients.
        public var clients = 8
        /// Mixed: share of single-row INSERTs, percent.
        public var writePercent = 20
        /// Length of each storm and mixed run.
        public var seconds = 8
        /// Rows in the table before storm and mixed.
        public var tableRows = 200_000
        /// Rows of bulk in, bulk out and analytics.
        public var bulkRows = 1_000_000
        /// Runs of each analytic query (the median counts).
        public var repetitions = 3
        public var peerPostgres = false
        /// The `sharp` executable that serves (`sharp serve`).
        public var serverExecutable: String
        /// A python with psycopg2; nil: `SHARP_BENCH_PYTHON`, else `.build/test-venv/bin/python`.
        public var python: String?
        /// The in-process coordinator's configuration (the server uses `sharp serve`'s default preset).
        public var config: ConnectionConfig = .production

        public init(serverExecutable: String) { self.serverExecutable = serverExecutable }
    }

    public let options: Options
    public init(options: Options) { self.options = options }

    /// One client's run against one target, before it becomes a result line.
    struct ClientRun {
        var operations: Int
        var seconds: Double
        var p50: Double?
        var p99: Double?
        var errors = 0
        var failure: String?
        var extra: [(key: String, value: Double?)] = []
    }

    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        let options = options
        guard options.writers > 0, options.clients > 0, options.seconds > 0, options.tableRows > 0, options.bulkRows > 0,
              options.repetitions > 0, (0...100).contains(options.writePercent) else {
            throw BenchmarkError.invalidOption("--writers, --clients, --seconds, --rows, --bulk-rows and --repeat must be > 0; --write-percent 0…100")
        }
        let python = options.drivers.contains(.psycopg2) ? try Self.findPython(options.python) : nil
        if options.drivers.contains(.pgbench) { _ = try Pgbench.executable() }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let harness = folder.url.appendingPathComponent("psycopg2_bench.py")
        try Psycopg2Harness.script.write(to: harness, atomically: true, encoding: .utf8)
        var cluster: PostgresCluster?
        if options.peerPostgres {
            progress.note("starting a throwaway PostgreSQL cluster")
            cluster = try await PostgresCluster.started()
        }
        do {
            let report = try await run(cluster: cluster, folder: folder, python: python, harness: harness, progress: progress)
            await cluster?.stopped()
            return report
        } catch {
            await cluster?.stopped()
            throw error
        }
    }

    private func run(cluster: PostgresCluster?, folder: BenchmarkFolder, python: String?, harness: URL,
                     progress: BenchmarkProgress) async throws -> BenchmarkReport {
        let options = options
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        var run = Session(options: options, folder: folder, python: python, harness: harness, progress: progress)
        for workload in options.workloads {
            let rows = workload == .bulkIn ? 0 : (workload == .storm || workload == .mixed ? options.tableRows : options.bulkRows)
            progress.note("\(workload.rawValue) in process: loading \(rows) rows")
            try await run.inProcess(workload, path: await Self.prepareFile(folder.databasePath("\(workload.rawValue)-in-process"), rows: rows))
            progress.note("\(workload.rawValue) server: loading \(rows) rows, starting sharp serve")
            let path = try await Self.prepareFile(folder.databasePath("\(workload.rawValue)-server"), rows: rows)
            let server = try await ServeProcess.start(executable: options.serverExecutable, path: path, in: folder.url)
            do {
                try await run.wire(workload, target: .sharp(server))
            } catch {
                await server.stop()
                throw BenchmarkError.wrongResult("\(error) (server log: \(server.logTail))")
            }
            await server.stop()
            if let cluster {
                progress.note("\(workload.rawValue) postgres: loading \(rows) rows")
                try await Self.preparePostgres(cluster, rows: rows)
                try await run.wire(workload, target: .postgres(cluster))
            }
        }
        var notes = [
            "load average at the start: \(load); \(ProcessInfo.processInfo.activeProcessorCount) cores",
            "storm: \(options.writers) clients, each one single-row INSERT of a split row after the other (autocommit, awaited), for \(options.seconds) s, into a \(options.tableRows)-row table with a primary key and an index; rows/s",
            "mixed: \(options.clients) clients for \(options.seconds) s, \(100 - options.writePercent)% reads (half point reads by key, half per-game aggregates), \(options.writePercent)% single-row INSERTs; ops/s",
            "bulk-in: \(options.bulkRows) split rows by COPY … FROM STDIN (text); bulk-out: SELECT * fetched whole, COPY … TO STDOUT; analytics: each query \(options.repetitions)× over \(options.bulkRows) rows, ops/s = 1 / mean, p50 = median",
            "optimized = in process (one DatabaseCoordinator, the clients as tasks; \(CoordinatorFactory.describe(options.config)); its CPU is the whole process's, clients included); server = sharp serve as its own process on 127.0.0.1; postgres = PostgreSQL (initdb defaults, fsync on)",
            "pgbench scripts mix literals with :variables (pgbench sends them untyped); psycopg2 quotes every value into the SQL text; ours = sharp's RemoteCoordinator ($n, binary binds)",
            "server_cpu_ms = the server's own CPU (sharp serve's process; PostgreSQL's postmaster, backends and background processes) per operation; peak RSS = the server process's",
            "x_in_process = ops/s over the in-process figure of the same workload; x_postgres = server over PostgreSQL with the same client",
        ]
        notes += run.failures
        return BenchmarkReport(workload: "server", notes: notes, results: Self.withRatios(run.results))
    }

    /// Fills `x_in_process` and `x_postgres`.
    static func withRatios(_ results: [BenchmarkResult]) -> [BenchmarkResult] {
        results.map { result in
            var result = result
            let workload = result.variant.map { String($0.split(separator: "/").first ?? "") }
            let inProcess = results.first { $0.mode == .optimized && $0.variant == workload }
            let postgres = results.first { $0.mode == .postgres && $0.variant == result.variant }
            func ratio(_ baseline: BenchmarkResult?) -> Double? {
                guard let baseline, baseline.opsPerSecond > 0, result.opsPerSecond > 0 else { return nil }
                return result.opsPerSecond / baseline.opsPerSecond
            }
            result.extra.append(("x_in_process", result.mode == .optimized ? nil : ratio(inProcess)))
            result.extra.append(("x_postgres", result.mode == .server ? ratio(postgres) : nil))
            return result
        }
    }

    /// The psycopg2 python: the option, `SHARP_BENCH_PYTHON`, or the test venv.
    static func findPython(_ given: String?) throws -> String {
        let candidates = [given, ProcessInfo.processInfo.environment["SHARP_BENCH_PYTHON"],
                          FileManager.default.currentDirectoryPath + "/.build/test-venv/bin/python"].compactMap { $0 }
        guard let python = ChildProcess.find(candidates) else {
            throw BenchmarkError.invalidOption("no python with psycopg2: run scripts/bootstrap (it makes .build/test-venv), set SHARP_BENCH_PYTHON, or leave psycopg2 out of --drivers")
        }
        return python
    }

    /// A fresh DuckDB file with the split table holding `rows` rows (loaded on a thread of its own).
    static func prepareFile(_ path: String, rows: Int) async throws -> String {
        let result = await OwnedThreads.run(count: 1, name: "bench-load") { _ in
            Result<String, any Error> {
                let database = try Database(path: path)
                defer { database.close() }
                let connection = try database.connect()
                defer { connection.close() }
                try connection.execute(ServerWorkloadSQL.createTable)
                if rows > 0 { try connection.execute(ServerWorkloadSQL.load(rows: rows, postgres: false)) }
                try connection.execute(ServerWorkloadSQL.createIndex)
                try connection.execute("CHECKPOINT")
                return path
            }
        }
        return try result[0].get()
    }

    /// The split table with `rows` rows in the cluster, made anew.
    static func preparePostgres(_ cluster: PostgresCluster, rows: Int) async throws {
        let setup = try await RemoteCoordinator.connect(to: RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: cluster.port),
                                                                           user: cluster.user, database: "postgres"), maxConnections: 1)
        do {
            try await setup.immediateWrite("DROP TABLE IF EXISTS splits", [])
            try await setup.immediateWrite(ServerWorkloadSQL.createTable, [])
            if rows > 0 { try await setup.immediateWrite(ServerWorkloadSQL.load(rows: rows, postgres: true), []) }
            try await setup.immediateWrite(ServerWorkloadSQL.createIndex, [])
            try await setup.immediateWrite("VACUUM ANALYZE splits", [])
            try await setup.immediateWrite("CHECKPOINT", [])
        } catch {
            await setup.shutdown()
            throw error
        }
        await setup.shutdown()
    }
}
