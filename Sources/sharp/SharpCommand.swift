import ArgumentParser
import Foundation
import Observability

/// The root command (run by ``SharpMain``, which sets up logging first).
struct SharpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharp",
        abstract: "Track MLB sharp money: collect betting splits, store them in DuckDB, detect sharp action.",
        discussion: """
            The database is a DuckDB file (default ./data/mlb_betting.duckdb). DuckDB is loaded at run \
            time: run scripts/bootstrap once (make does it for you), or set DUCKDB_LIBRARY.

            Examples:
              sharp db probe                  # is DuckDB there, what does the file hold?
              sharp db migrate                # create or update the schema
              sharp collect --replay recorded/2025-06-17          # the recorded day
              sharp parse sbd recorded/2025-06-17/2025-06-17T22-55-00Z/sbd.json
              sharp detect --date 2025-06-17  # sharp signals from the stored splits
              sharp outcomes --replay recorded/2025-06-17/outcomes.json
              sharp report --date 2025-06-17 --format html --out reports/
              sharp backtest                  # grade the stored days per rule
              sharp pregame --replay recorded/2025-06-17 --reports reports
              sharp pregame schedule --replay recorded/2025-06-17 \\
                  --now 2025-06-17T22:30:00Z --until 2025-06-17T23:10:00Z
              sharp monitor --replay recorded/2025-06-17 --interval 1800 --cycles 14
              sharp bench appender --rows 200000  # the binding against DuckDB's C API
              sharp dashboard --port 8080     # live stats and the slate in a browser

            Logging: \(LogOptions.help)

            \(ExitStatus.helpText)
            """,
        version: SharpVersion.number,
        subcommands: [DBCommand.self, CollectCommand.self, ParseCommand.self, DetectCommand.self, ReportCommand.self,
                      OutcomesCommand.self, BacktestCommand.self, PregameCommand.self, MonitorCommand.self, ServeCommand.self, DashboardCommand.self,
                      BenchCommand.self, DurabilityStormCommand.self, DiskFullProbeCommand.self]
    )

    /// Runs the command line `arguments`; a runtime failure prints `Error: <message>` and exits
    /// with its ``ExitStatus`` (never the usage text, which only a usage mistake gets: then the
    /// usage of the command that was given it).
    static func runCommandLine(_ arguments: [String]) async {
        let columns = TerminalWidth.columns
        if arguments == ["--version"] {
            // Which DuckDB this binary loads, beside its own version: the question an installed
            // copy run by another user raises first.
            print(SharpVersion.text)
            return
        }
        var parsed: (any ParsableCommand.Type)?
        do {
            var command = try parseAsRoot(arguments)
            parsed = type(of: command)
            if command is any WatchesItsOwnSignals || !(command is any AsyncParsableCommand) {
                if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } else {
                // Parsed again inside the task that a signal cancels (a parsed command is not
                // Sendable; parsing is cheap and gives the same command).
                try await InterruptSignal.runCancellable {
                    guard var command = try parseAsRoot(arguments) as? any AsyncParsableCommand else { return }
                    try await command.run()
                }
            }
        } catch {
            if let status = ExitStatus(classifying: error) {
                StandardError.print("Error: \(error)")
                Foundation.exit(status.rawValue)
            }
            if let parsed, let validation = error as? ValidationError {
                // A usage mistake found while running: the usage of this command, not the root's.
                let command = parsed
                let name = ([Self.self] + commandPath(to: command)).map { $0._commandName }.joined(separator: " ")
                StandardError.print(HelpLayout.arrange("""
                    Error: \(validation.message)
                    Usage: \(usageString(for: command).hangingIndent(7))
                      See '\(name) --help' for more information.
                    """, columns: columns))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            let text = HelpLayout.arrange(fullMessage(for: error, columns: columns), columns: columns)
            let code = exitCode(for: error)
            if code == .success {
                if !text.isEmpty { print(text) }
            } else if !text.isEmpty {
                StandardError.print(text)
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// The subcommands from the root down to `command` (empty for the root itself).
    private static func commandPath(to command: any ParsableCommand.Type) -> [any ParsableCommand.Type] {
        func search(_ node: any ParsableCommand.Type, _ path: [any ParsableCommand.Type]) -> [any ParsableCommand.Type]? {
            if node == command { return path }
            for child in node.configuration.subcommands {
                if let found = search(child, path + [child]) { return found }
            }
            return nil
        }
        return search(Self.self, []) ?? [command]
    }
}

extension String {
    /// Every line after the first indented by `count` spaces.
    fileprivate func hangingIndent(_ count: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : String(repeating: " ", count: count) + $0.element }
            .joined(separator: "\n")
    }
}
