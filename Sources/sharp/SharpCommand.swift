import ArgumentParser
import Foundation
import Observability

/// The root command (run by ``SharpMain``, which sets up logging first).
struct SharpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharp",
        abstract: "Track MLB sharp money: collect betting splits, store them in DuckDB, detect sharp action.",
        discussion: """
            The database is a DuckDB file (default ./data/mlb_betting.duckdb). DuckDB is loaded at run
            time: run scripts/bootstrap once (make does it for you), or set DUCKDB_LIBRARY.

            Examples:
              sharp db probe                      # is DuckDB there, and what does the file hold?
              sharp db migrate                    # create or update the schema
              sharp collect --replay recorded/2025-06-17   # collect the recorded day
              sharp parse vsin recorded/2025-06-17/2025-06-17T22-55-00Z/vsin-dk.html --book dk
              sharp detect --date 2025-06-17      # sharp signals from the stored splits
              sharp outcomes --replay recorded/2025-06-17/outcomes.json
              sharp report --date 2025-06-17 --format html --out reports/
              sharp backtest                      # grade stored history per rule; confidence reads the record
              sharp pregame --replay recorded/2025-06-17 --reports reports   # the pre-game workflow over the day
              sharp pregame schedule --replay recorded/2025-06-17 --now 2025-06-17T22:30:00Z
              sharp monitor --replay recorded/2025-06-17 --interval 1800 --cycles 14
              sharp bench appender --rows 200000  # the binding against DuckDB's C API
              sharp dashboard --port 8080         # live stats and today's slate in a browser

            Logging: \(LogOptions.help)

            \(ExitStatus.helpText)
            """,
        subcommands: [DBCommand.self, CollectCommand.self, ParseCommand.self, DetectCommand.self, ReportCommand.self,
                      OutcomesCommand.self, BacktestCommand.self, PregameCommand.self, MonitorCommand.self, ServeCommand.self, DashboardCommand.self,
                      BenchCommand.self, DurabilityStormCommand.self, DiskFullProbeCommand.self]
    )

    /// Runs the command line `arguments`; a runtime failure prints `Error: <message>` and exits
    /// with its ``ExitStatus`` (never the usage text, which only a usage mistake gets).
    static func runCommandLine(_ arguments: [String]) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let status = ExitStatus(classifying: error) else { exit(withError: error) }
            StandardError.print("Error: \(error)")
            Foundation.exit(status.rawValue)
        }
    }
}
