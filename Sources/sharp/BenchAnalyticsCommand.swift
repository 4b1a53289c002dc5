import ArgumentParser
import Benchmarks

/// `sharp bench analytics`: detection queries with 1…N concurrent readers, coordinator vs raw.
struct BenchAnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Detection-style aggregate queries over a large split table with 1…8 readers: queries/s and scaling.")

    @Option(name: .long, help: "Rows in the table.")
    var rows = 10_000_000

    @Option(name: .long, help: "Reader counts, comma-separated.")
    var readers = "1,2,4,8"

    @Option(name: .long, help: "Seconds per reader count and mode.")
    var seconds = 5.0

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let counts = readers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty else { throw ValidationError("--readers takes numbers, e.g. 1,2,4,8") }
        let options = AnalyticsBenchmark.Options(
            rows: rows, readers: counts, seconds: seconds,
            modes: try coordinator.modes(default: [.optimized]), config: try coordinator.config(default: "analysis"))
        let progress = output.progress
        output.emit(try await runBenchmark { try await AnalyticsBenchmark(options: options).run(progress: progress) })
    }
}
