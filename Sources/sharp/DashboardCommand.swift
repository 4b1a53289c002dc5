import ArgumentParser
import DuckCoordinator
import Foundation
import Observability
import SharpBetting

struct DashboardCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Serve a live dashboard of the database on 127.0.0.1 (stats, latency, freshness, today's slate).",
        discussion: """
            One self-contained page (no external assets) at http://127.0.0.1:PORT/ that refreshes every \
            second from /api/stats (and the slate from /api/slate); /metrics serves the same numbers to \
            Prometheus. Every --metrics-port endpoint serves the same page. Ctrl-C stops it.

            Examples:
              sharp dashboard --port 8080 --path data/mlb_betting.duckdb
              sharp monitor --interval 60 --metrics-port 9464  # the same page at :9464/
            """
    )

    @Option(name: .long, help: "Port on 127.0.0.1 (0 picks a free one).") var port = 8080
    @Option(name: .long, help: "Slate day to show (default: the newest stored).") var date: SlateDate?

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let db = try await database.openMigrated(defaultPreset: "production")
        let stop = StopSignal()
        try await db.closing {
            let server = try await ObservedDatabase.serve(db, port: port, date: date)
            FileHandle.standardOutput.write(Data("dashboard on http://127.0.0.1:\(server.port)/\n".utf8))
            let signal = await stop.next()
            StandardError.print("\(signal): stopping")
            await server.stop()
        }
    }
}
