import ArgumentParser
import Benchmarks

struct BenchPregameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pregame",
        abstract: "The whole pre-game workflow on simulated 15-game slates: wall time per stage on each engine.",
        discussion: """
            Prints each stage's total, p50 and p99 next to the migration guide's expectations. Modes: legacy and \
            optimized (the DuckDB file in this process), server (the file through `sharp serve`, its own process, \
            over loopback TCP) and postgres (a throwaway PostgreSQL cluster; needs Debian's postgresql package).

            Examples:
              sharp bench pregame             # one simulated day, 3 runs
              sharp bench pregame --modes optimized,server,postgres
              sharp bench pregame --days 162  # a season, progress on stderr
            """)

    @Option(name: .long, help: "Simulated days of 15 games (162 is a season).")
    var days = 1

    @Option(name: .customLong("runs-per-day"), help: "Workflow runs per day, on the day's last captures.")
    var runsPerDay = 3

    @Option(name: .long, help: "Simulator seed.")
    var seed: UInt64 = 7

    @OptionGroup var coordinator: BenchCoordinatorOptions
    @OptionGroup var output: BenchOutputOptions

    func run() async throws {
        let options = PregameBenchmark.Options(seed: seed, days: days, runsPerDay: runsPerDay,
                                               modes: try coordinator.modes(default: [.legacy, .optimized]),
                                               serverExecutable: try BenchServerCommand.ownExecutable())
        let progress = output.progress
        output.emit(try await runBenchmark { try await PregameBenchmark(options: options).run(progress: progress) })
    }
}
