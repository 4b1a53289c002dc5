import ArgumentParser
import Benchmarks

/// `sharp bench storm`: many producers of single-row INSERTs, coordinator vs a raw appender writer.
struct BenchStormCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storm",
        abstract: "Concurrent producers of single-row INSERTs (1% CRITICAL): rows/s, call→durable p50/p99, CRITICAL p99.")

    @Option(name: .long, help: "Concurrent producers.")
    var clients = 32

    @Option(name: .long, help: "Writes per producer.")
    var ops = 2_000

    @Option(name: .long, help: "Writes each producer keeps outstanding.")
    var window = 16

    @Option(name: .long, help: "One write in this many is CRITICAL (0: none).")
    var criticalEvery = 100

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = StormBenchmark.Options(
            producers: clients, writesEach: ops, window: window, criticalEvery: criticalEvery,
            modes: try coordinator.modes(default: [.optimized]), config: try coordinator.config(default: "production"))
        let progress = output.progress
        output.emit(try await runBenchmark { try await StormBenchmark(options: options).run(progress: progress) })
    }
}
