import ArgumentParser
import Benchmarks

/// `sharp bench latency`: one client's sequential writes and reads on an idle coordinator vs raw.
struct BenchLatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "One client on an idle database: sequential single-row writes, then point reads; p50/p99 vs raw autocommit.",
        discussion: """
            What a lone service call costs. Under the default group-commit policy a write waits only for \
            its own commit; compare --flush-policy timer, where it waits writeBatchTimeout.

            Example:
              sharp bench latency --ops 500 --modes legacy,optimized
            """)

    @Option(name: .long, help: "Writes, then reads, per mode.")
    var ops = 1_000

    @Option(name: .long, help: "Rows in the table before the run.")
    var rows = 100_000

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = LatencyBenchmark.Options(operations: ops, tableRows: rows,
                                               modes: try coordinator.modes(default: [.optimized]),
                                               config: try coordinator.config(default: "production"))
        let progress = output.progress
        output.emit(try await runBenchmark { try await LatencyBenchmark(options: options).run(progress: progress) })
    }
}
