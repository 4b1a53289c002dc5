import ArgumentParser
import Benchmarks

/// `sharp bench inserts`: prepared single-row INSERTs through the binding against a C loop.
struct BenchInsertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inserts",
        abstract: "Prepared single-row INSERTs per second (autocommit, and N per transaction): Swift vs C.")

    @Option(name: .long, help: "Rows per variant, round and mode.")
    var rows = 10_000

    @Option(name: .long, help: "Rows per transaction in the batched variant.")
    var perTransaction = 500

    @Option(name: .long, help: "Rounds per mode (the fastest is reported).")
    var rounds = 2

    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = InsertBenchmark.Options(rows: rows, perTransaction: perTransaction, rounds: rounds)
        let progress = output.progress
        output.emit(try await runBenchmark { try await InsertBenchmark(options: options).run(progress: progress) })
    }
}
