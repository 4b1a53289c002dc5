import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct MonitorCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "The sharp monitor: every N seconds collect → detect → alert on new or strengthened signals.",
        discussion: """
            One summary line per cycle. A game/market/side is alerted again only when its confidence \
            rises by 5 points or more (the alert ledger, kept in the database across restarts). \
            Ctrl-C or SIGTERM stops it cleanly after the current cycle. With --replay or --simulate and \
            --now, time runs on a simulated clock (each cycle reads the latest capture at or before its \
            time, no waiting).

            Examples:
              sharp monitor --interval 60                     # live, until Ctrl-C
              sharp monitor --replay recorded/2025-06-17 --now 2025-06-17T16:00:00Z \\
                  --interval 1800 --cycles 14
              sharp monitor --simulate 42 --now 2025-06-17T20:00:00Z --cycles 10
            """
    )

    @OptionGroup var source: FeedSourceArguments
    @OptionGroup var metrics: MetricsArguments
    @OptionGroup var stakes: StakeArguments

    @Option(help: "Seconds between cycles.")
    var interval: Double = 60

    @Option(help: "Stop after this many cycles (default: until Ctrl-C).")
    var cycles: Int?

    @Option(help: ArgumentHelp("With --replay/--simulate: start at this UTC time (ISO-8601).", valueName: "time"))
    var now: InstantArgument?

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func validate() throws {
        if !(interval > 0) { throw ValidationError("--interval must be a positive number of seconds") }
        if let cycles, cycles < 1 { throw ValidationError("--cycles must be at least 1") }
    }

    func run() async throws {
        let timeline = try source.timeline()
        let start = now?.date ?? timeline?.fetcher.entries.first?.capturedAt ?? Date()
        let clock: any WorkflowClock = timeline != nil ? FastForwardClock(now: start) : SystemWorkflowClock()
        let database = self.database.keepingSimulationApart(source.simulate != nil)
        let db = try await database.openMigrated(defaultPreset: "sharp-monitor", announceServing: true)
        let monitor = SharpMonitorService(
            db: db, fetcher: timeline?.fetcher ?? HTTPPayloadFetcher(), clock: clock, interval: interval,
            slateDate: timeline?.slateDate ?? source.date, sinks: [ConsoleAlertSink()],
            detection: stakes.applied(to: .default), sizing: stakes.sizing)
        let cycles = self.cycles
        let reports = try await db.closing(metrics) {
            try await InterruptSignal.run { try await monitor.run(cycles: cycles) { print($0.summary) } }
        }
        if let reports {
            print("done: " + counted(reports.count, "cycle") + ", " + counted(reports.reduce(0) { $0 + $1.alerts.count }, "alert"))
        } else {
            print("stopped")
        }
    }
}
