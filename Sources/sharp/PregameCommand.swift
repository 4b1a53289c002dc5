import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct PregameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pregame",
        abstract: "The pre-game workflow over a day: collect → detect → store → alert, then the daily report.",
        discussion: """
            Runs the workflow for the whole slate at each capture of the day in time order (alerting at \
            the last one): collect every feed concurrently, detect on snapshots taken ≤ 45 minutes before \
            first pitch, store the signals (sharp_signals and pre_game_signals, CRITICAL), alert. Prints \
            each stage's timing, the signals, and the database stats; loads the day's final scores when \
            the replay folder has an outcomes.json (or the simulation has --sharp-win-rate); writes the \
            daily report as HTML and JSON and prints it. Each signal leads with its call: BET when its \
            best known price is at least the break-even price against Pinnacle's no-vig probability \
            (--min-edge), else PASS; passes are stored and graded apart. With --bankroll a bet gets its \
            stake (fractional Kelly), which the report grades, flat units beside. Running it again gives \
            the same signals and adds no rows. Without --replay or --simulate it runs once, live, now.

            `sharp pregame schedule` is the long-running process that runs at T−30, T−15 and T−5 of each \
            game.

            Examples:
              sharp pregame --replay recorded/2025-06-17 --reports reports
              sharp pregame --simulate 42 --path /tmp/sim.duckdb
              sharp pregame --simulate 42 --sharp-win-rate 0.56 --path /tmp/sim.duckdb \\
                  --bankroll 5000
              sharp pregame --replay recorded/2025-06-17 --min-edge 0.02  # 2% edge or more
              sharp pregame --replay recorded/2025-06-17 --min-bets 100  # proven rules
            """,
        subcommands: [PregameScheduleCommand.self]
    )

    @OptionGroup var source: FeedSourceArguments

    @Option(help: ArgumentHelp("Write the daily report (HTML and JSON) into this folder.", valueName: "dir"))
    var reports = "reports"

    @OptionGroup var recordFilter: RecordFilterArguments
    @OptionGroup var stakes: StakeArguments

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let timeline = try source.timeline()
        let day = timeline?.slateDate ?? source.date ?? .todayInNewYork
        let jobs: [(Date, any PayloadFetcher)] = timeline.map { line in line.fetcher.entries.map { ($0.capturedAt, $0.fetcher) } }
            ?? [(Date(), HTTPPayloadFetcher())]
        let database = self.database.keepingSimulationApart(source.simulate != nil)
        let db = try await database.openMigrated(defaultPreset: "pre-game-workflow")
        try await db.closing {
            let workflow = PreGameWorkflowService(db: db, sinks: [ConsoleAlertSink()],
                                                  detection: stakes.applied(to: recordFilter.applied(to: .preGame)),
                                                  sizing: stakes.sizing)
            var latest: [AlertKey: SharpSignal] = [:]
            var failed = 0
            print("Pre-game workflow for \(day): " + counted(jobs.count, "run"))
            for (index, job) in jobs.enumerated() {
                let request = PreGameRunRequest(slateDate: day, capturedAt: job.0, alert: index == jobs.count - 1)
                let result = try await workflow.run(request, using: job.1)
                PreGameRunText.run(result).forEach { print($0) }
                if result.status == .failed { failed += 1 }
                for signal in result.signals { latest[AlertKey(signal)] = signal }
            }
            print("\nSharp signals (pre-game window, latest run of each game/market/side): \(latest.count)")
            PreGameRunText.signals(Array(latest.values), sizing: stakes.sizing).forEach { print($0) }

            if let outcomes = timeline?.outcomes {
                let summary = try await OutcomeLoader().load(outcomes.data, into: db)
                print("\nLoaded " + counted(summary.loaded.count, "final score") + " from \(outcomes.origin)")
            }
            let report = try await DailyReportService(db).report(for: day, staking: stakes.sizing)
            let folder = URL(fileURLWithPath: reports, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            print("")
            for format in [ReportFormat.html, .json] {
                let file = folder.appendingPathComponent("sharp-report-\(day).\(format.fileExtension)")
                try format.render(report).write(to: file, atomically: true, encoding: .utf8)
                print("wrote \(file.path)")
            }
            print("record of the bets \(report.summary.wins)-\(report.summary.losses)-\(report.summary.pushes) "
                + "(" + counted(report.bets.count, "bet") + ", \(report.passes.count) passed of " + counted(report.signals.count, "signal") + ")")
            print("")
            print(ReportFormat.text.render(report), terminator: "")
            print("")
            PreGameRunText.stats(await db.stats()).forEach { print($0) }
            if failed > 0 { throw CommandFailure(counted(failed, "run") + " failed") }
        }
    }
}
