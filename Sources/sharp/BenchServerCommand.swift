import ArgumentParser
import Benchmarks
import DuckCoordinator

/// `sharp bench server`: storm and mixed through the wire-protocol server vs in process (and PostgreSQL).
struct BenchServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Storm and mixed through sharp serve's server with N protocol clients on loopback, next to in-process (and --peer postgres).")

    @Option(name: .long, help: "Mixed: concurrent clients.") var clients = 8
    @Option(name: .long, help: "Mixed: operations per client.") var ops = 100
    @Option(name: .customLong("write-percent"), help: "Mixed: share of writes, percent.") var writePercent = 20
    @Option(name: .long, help: "Storm: concurrent writers.") var writers = 16
    @Option(name: .long, help: "Storm: single-row INSERTs per writer.") var writes = 200
    @Option(name: .long, help: "Rows in the table before each run.") var rows = 200_000
    @Option(name: .long, help: "Also run the same clients against a throwaway PostgreSQL cluster: postgres.") var peer: String?
    @Option(name: .long, help: "Coordinator preset.") var preset = "production"
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        if let peer, peer != "postgres" { throw ValidationError("--peer takes postgres, got \(peer)") }
        guard let config = ConnectionConfig.presets[preset] else { throw ValidationError("unknown preset \(preset)") }
        let options = ServerBenchmark.Options(clients: clients, opsEach: ops, writePercent: writePercent, writers: writers,
                                              writesEach: writes, tableRows: rows, peerPostgres: peer != nil, config: config)
        let progress = output.progress
        output.emit(try await runBenchmark { try await ServerBenchmark(options: options).run(progress: progress) })
    }
}
