import ArgumentParser
import Benchmarks

/// `sharp bench appender`: the Swift Appender against a C loop over the same C functions.
struct BenchAppenderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appender",
        abstract: "Append 8-column split rows through the Swift Appender and through a C loop; compare.")

    @Option(name: .long, help: "Rows per round and mode.")
    var rows = 1_000_000

    @Option(name: .long, help: "Rounds per mode (the fastest is reported).")
    var rounds = 3

    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = AppenderBenchmark.Options(rows: rows, rounds: rounds)
        let progress = output.progress
        output.emit(try await runBenchmark { try await AppenderBenchmark(options: options).run(progress: progress) })
    }
}
