import ArgumentParser
import Benchmarks
import DuckCoordinator
import Foundation

/// `sharp bench server`: sharp serve driven by pgbench, psycopg2 and sharp's own client, next to
/// in process and PostgreSQL.
struct BenchServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "sharp serve driven by pgbench, psycopg2 and sharp's client, next to in-process (and --peer postgres), with ratios.",
        discussion: """
            Starts `sharp serve` as its own process on 127.0.0.1 for each workload and drives it with \
            pgbench (custom scripts, -M simple, extended and prepared), psycopg2 (literal SQL, from the \
            test venv .build/test-venv or SHARP_BENCH_PYTHON) and sharp's RemoteCoordinator; runs the same \
            workload in process; with --peer postgres, the same clients against a throwaway PostgreSQL \
            cluster (Debian's postgresql package). Reports ops/s, p50/p99, the server's own CPU per \
            operation, its peak RSS, and ratios against in-process and PostgreSQL. Every acknowledged \
            write is checked to be in the table.

            Workloads: storm (single-row INSERTs, --writers clients), mixed (80% reads, --clients), \
            bulk-in (COPY FROM STDIN), bulk-out (SELECT * and COPY TO STDOUT), analytics (four queries).

            Examples:
              sharp bench server --peer postgres
              sharp bench server --workloads storm --drivers pgbench --seconds 4
              sharp bench server --workloads bulk-in,bulk-out,analytics \\
                  --bulk-rows 200000 --json
            """)

    @Option(name: .long, help: "Workloads, comma-separated: storm, mixed, bulk-in, bulk-out, analytics.") var workloads = "storm,mixed,bulk-in,bulk-out,analytics"
    @Option(name: .long, help: "Clients, comma-separated: pgbench, psycopg2, ours.") var drivers = "pgbench,psycopg2,ours"
    @Option(name: .customLong("pgbench-modes"), help: "pgbench -M modes: simple, extended, prepared.") var pgbenchModes = "simple,extended,prepared"
    @Option(name: .long, help: "Storm: concurrent clients.") var writers = 16
    @Option(name: .long, help: "Mixed: concurrent clients.") var clients = 8
    @Option(name: .customLong("write-percent"), help: "Mixed: share of writes, percent.") var writePercent = 20
    @Option(name: .long, help: "Storm and mixed: seconds per run.") var seconds = 8
    @Option(name: .long, help: "Storm and mixed: rows in the table before each run.") var rows = 200_000
    @Option(name: .customLong("bulk-rows"), help: "Bulk in, bulk out and analytics: rows.") var bulkRows = 1_000_000
    @Option(name: .customLong("repeat"), help: "Analytics: runs of each query (the median counts).") var repetitions = 3
    @Option(name: .long, help: "Also run the same clients against a throwaway PostgreSQL cluster: postgres.") var peer: String?
    @Option(name: .long, help: "A python with psycopg2 (default: SHARP_BENCH_PYTHON, else .build/test-venv/bin/python).") var python: String?
    @Option(name: .long, help: "The in-process coordinator's preset.") var preset = "production"
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        if let peer, peer != "postgres" { throw ValidationError("--peer takes postgres, got \(peer)") }
        guard let config = ConnectionConfig.presets[preset] else { throw ValidationError("unknown preset \(preset)") }
        var options = ServerBenchmark.Options(serverExecutable: try Self.ownExecutable())
        options.workloads = try ServerBenchmark.Workload.parseList(workloads)
        options.drivers = try ServerBenchmark.Driver.parseList(drivers)
        options.pgbenchModes = try pgbenchModes.split(separator: ",").map { name in
            guard let mode = Pgbench.Mode(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--pgbench-modes takes simple, extended, prepared; got \(name)")
            }
            return mode
        }
        options.writers = writers
        options.clients = clients
        options.writePercent = writePercent
        options.seconds = seconds
        options.tableRows = rows
        options.bulkRows = bulkRows
        options.repetitions = repetitions
        options.peerPostgres = peer != nil
        options.python = python
        options.config = config
        let progress = output.progress
        output.emit(try await runBenchmark { [options] in try await ServerBenchmark(options: options).run(progress: progress) })
    }

    /// This executable's path (it serves as `sharp serve`).
    static func ownExecutable() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        if let path = Bundle.main.executablePath { return path }
        throw ValidationError("cannot find the sharp executable to start sharp serve")
    }
}
