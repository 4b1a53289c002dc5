import ArgumentParser

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the binding and the coordinator against raw DuckDB, side by side.",
        subcommands: [
            BenchAppenderCommand.self, BenchInsertsCommand.self, BenchReadCommand.self,
            BenchBulkCommand.self, BenchStormCommand.self, BenchMixedCommand.self, BenchAnalyticsCommand.self,
            BenchPregameCommand.self, BenchLatencyCommand.self, BenchServerCommand.self,
        ]
    )
}
