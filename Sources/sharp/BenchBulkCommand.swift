import ArgumentParser
import Benchmarks

/// `sharp bench bulk`: the coordinator's bulkInsert against a raw appender.
struct BenchBulkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bulk",
        abstract: "Split rows through bulkInsert (legacy, optimized) vs a raw appender; rows/s.")

    @Option(name: .long, help: "Rows per mode.")
    var rows = 2_000_000

    @Option(name: .long, help: "Rows per bulkInsert call (one transaction each).")
    var chunk = 200_000

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = BulkBenchmark.Options(rows: rows, chunk: chunk, modes: try coordinator.modes(default: [.legacy, .optimized]),
                                            config: try coordinator.config(default: "production"))
        let progress = output.progress
        output.emit(try await runBenchmark { try await BulkBenchmark(options: options).run(progress: progress) })
    }
}
