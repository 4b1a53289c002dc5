import ArgumentParser
import Benchmarks

/// `sharp bench mixed`: concurrent clients reading and writing, raw vs legacy vs optimized.
struct BenchMixedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixed",
        abstract: "Clients doing 80% point/aggregate reads and 20% single-row writes: ops/s, read and write p50/p99.")

    @Option(name: .long, help: "Concurrent clients.")
    var clients = 16

    @Option(name: .long, help: "Seconds per mode.")
    var seconds = 10.0

    @Option(name: .long, help: "Rows in the table before the run.")
    var rows = 2_000_000

    @Option(name: .long, help: "Share of writes, in percent.")
    var writePercent = 20

    @Option(name: .long, help: "Writes a coordinator client keeps outstanding.")
    var window = 8

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = MixedBenchmark.Options(
            clients: clients, seconds: seconds, tableRows: rows, writePercent: writePercent, window: window,
            modes: try coordinator.modes(default: [.legacy, .optimized]), config: try coordinator.config(default: "sharp-monitor"))
        let progress = output.progress
        output.emit(try await runBenchmark { try await MixedBenchmark(options: options).run(progress: progress) })
    }
}
