import ArgumentParser
import Benchmarks

/// `sharp bench read`: reading a whole split table through rows, chunks, and a C loop.
struct BenchReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read every value of an 8-column table: query() rows and forEachChunk vs a C fetch_chunk loop.")

    @Option(name: .long, help: "Rows in the table.")
    var rows = 2_000_000

    @Option(name: .long, help: "Rounds per mode (the fastest is reported).")
    var rounds = 3

    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = ReadBenchmark.Options(rows: rows, rounds: rounds)
        let progress = output.progress
        output.emit(try await runBenchmark { try await ReadBenchmark(options: options).run(progress: progress) })
    }
}
