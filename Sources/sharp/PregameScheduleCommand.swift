import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct PregameScheduleCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Run the pre-game workflow at T−30, T−15 and T−5 of every game, until the last one (Ctrl-C stops).",
        discussion: """
            Plans a run at 30, 15 and 5 minutes before each game that is not postponed or final (each \
            game of a doubleheader at its own time), groups the games due at the same moment into one \
            run, refreshes the schedule every --refresh-minutes, and alerts at T−5. With --replay, each \
            run reads the latest capture at or before its time; --now sets the start time, and with \
            --replay or --simulate time then runs on a simulated clock (no waiting) unless --real-time. \
            Ctrl-C or SIGTERM stops it after the current run.

            Examples:
              sharp pregame schedule                        # live, from now until Ctrl-C
              sharp pregame schedule --replay recorded/2025-06-17 \\
                  --now 2025-06-17T22:30:00Z --until 2025-06-17T23:10:00Z
              sharp pregame schedule --simulate 7 --now 2025-06-17T22:00:00Z \\
                  --until 2025-06-18T02:00:00Z
            """
    )

    @OptionGroup var source: FeedSourceArguments
    @OptionGroup var metrics: MetricsArguments
    @OptionGroup var stakes: StakeArguments

    @Option(help: ArgumentHelp("Start at this UTC time (ISO-8601) instead of now.", valueName: "time"))
    var now: InstantArgument?

    @Option(help: ArgumentHelp("Stop after the runs due by this UTC time (ISO-8601).", valueName: "time"))
    var until: InstantArgument?

    @Option(help: "Minutes between schedule refreshes.")
    var refreshMinutes: Double = 10

    @Flag(help: "With --replay/--simulate and --now: wait in real time between runs.")
    var realTime = false

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let timeline = try source.timeline()
        let start = now?.date ?? Date()
        let day = timeline?.slateDate ?? source.date ?? CaptureContext.slateDate(at: start)
        // A replayed or simulated day starts at --now: at once to the next run, or (--real-time)
        // waiting as long as that day did between runs.
        let clock: any WorkflowClock = switch (timeline != nil ? now?.date : nil, realTime) {
        case (let start?, false): FastForwardClock(now: start)
        case (let start?, true): SystemWorkflowClock(startingAt: start)
        case (nil, _): SystemWorkflowClock()
        }
        let database = self.database.keepingSimulationApart(source.simulate != nil)
        let db = try await database.openMigrated(defaultPreset: "pre-game-workflow", announceServing: true)
        let scheduler = PreGameScheduler(
            workflow: PreGameWorkflowService(db: db, sinks: [ConsoleAlertSink()], detection: stakes.applied(to: .preGame),
                                             sizing: stakes.sizing), slateDate: day,
            fetcher: timeline?.fetcher ?? HTTPPayloadFetcher(), clock: clock, refreshInterval: refreshMinutes * 60)
        let stopAt = self.until?.date
        // Planning is inside the part Ctrl-C and SIGTERM stop cleanly: a signal that arrived
        // after the plan was printed (and before the first run) ended the process on the spot.
        let results = try await db.closing(metrics) {
            try await InterruptSignal.run {
                let games = try await scheduler.schedule(at: start)
                let plans = scheduler.planner.plan(games, from: start).filter { plan in stopAt.map { plan.runAt <= $0 } ?? true }
                print("Pre-game schedule for \(day) from \(ReplayCapture.folderName(for: start)): " + counted(plans.count, "run"))
                for plan in plans { print("  \(ReplayCapture.folderName(for: plan.runAt))  \(plan.label)") }
                return try await scheduler.run(until: stopAt) { PreGameRunText.run($0).forEach { print($0) } }
            }
        }
        if let results {
            print("done: " + counted(results.count, "run") + ", \(results.filter { $0.status == .failed }.count) failed")
        } else {
            print("stopped")
        }
    }
}

/// A clock for playing a recorded or simulated day back: sleeping jumps straight to the deadline.
struct FastForwardClock: WorkflowClock {
    let clock: ManualWorkflowClock

    init(now: Date) { clock = ManualWorkflowClock(now: now) }

    func now() -> Date { clock.now() }

    func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        clock.advance(to: deadline)
    }
}
