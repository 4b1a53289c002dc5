import DuckCoordinator
import Foundation

/// The long-running pre-game process: plans the slate's runs (``PreGameSchedulePlanner``:
/// T−30, T−15, T−5 per playable game), sleeps on its ``WorkflowClock`` until the next one,
/// runs the ``PreGameWorkflowService`` for the games due, and refreshes the schedule
/// periodically (from the fetcher's schedule payload, else the `games` table), so a game that
/// is postponed or moved is re-planned. Calls whose game has already started are dropped.
/// Cancel the task running ``run(until:)`` to stop it: the clock's sleep throws and it returns.
///
/// ```swift
/// let scheduler = PreGameScheduler(workflow: workflow, slateDate: day, fetcher: HTTPPayloadFetcher(),
///                                  clock: SystemWorkflowClock())
/// let results = try await scheduler.run(until: Date().addingTimeInterval(12 * 3600)) { result in
///     print(result.request.label, result.status)
/// }
/// ```
public struct PreGameScheduler<Database: DatabaseCoordinating>: Sendable {
    /// The workflow run at each planned time.
    public let workflow: PreGameWorkflowService<Database>
    /// The slate planned.
    public let slateDate: SlateDate
    /// Where payloads (and the schedule) come from; asked with the run's time as capture time.
    public let fetcher: any PayloadFetcher
    /// The time.
    public let clock: any WorkflowClock
    /// The planner.
    public let planner: PreGameSchedulePlanner
    /// Seconds between schedule refreshes.
    public let refreshInterval: TimeInterval

    /// A scheduler.
    public init(workflow: PreGameWorkflowService<Database>, slateDate: SlateDate, fetcher: any PayloadFetcher,
                clock: any WorkflowClock, planner: PreGameSchedulePlanner = PreGameSchedulePlanner(),
                refreshInterval: TimeInterval = 600) {
        self.workflow = workflow
        self.slateDate = slateDate
        self.fetcher = fetcher
        self.clock = clock
        self.planner = planner
        self.refreshInterval = refreshInterval
    }

    /// The slate's games as of `time`: the fetcher's schedule payload, or the `games` table when
    /// the fetch or parse fails.
    public func schedule(at time: Date) async throws -> [ScheduledGame] {
        let capture = CaptureContext(slateDate: slateDate, capturedAt: time)
        if let data = try? await fetcher.fetch(.schedule, for: capture) {
            let games = ScheduleParser.parse(data, capturedAt: time).values.filter { ($0.slateDate ?? slateDate) == slateDate }
            if !games.isEmpty { return games }
        }
        return try await GameStore(database: workflow.db).games(on: slateDate)
    }

    /// Runs every planned run from now until the last one (or until `until`), calling
    /// `onRun` after each, and returns their results in order.
    ///
    /// - Throws: `CancellationError` when cancelled while waiting; database errors.
    @discardableResult
    public func run(until: Date? = nil, onRun: @Sendable (PreGameRunResult) -> Void = { _ in }) async throws -> [PreGameRunResult] {
        let start = clock.now()
        var games = try await schedule(at: start)
        var nextRefresh = start.addingTimeInterval(refreshInterval)
        var done = Set<Date>()
        var results: [PreGameRunResult] = []
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            let pending = planner.plan(games, from: start).filter { !done.contains($0.runAt) }
            guard let next = pending.first, until.map({ next.runAt <= $0 }) ?? true else { break }
            if next.runAt <= now {
                done.insert(next.runAt)
                var plan = next
                plan.calls.removeAll { $0.game.gameTime <= now }   // too late: the game has started
                if plan.calls.isEmpty { continue }
                let result = try await workflow.run(plan.request(slateDate: slateDate), using: fetcher)
                results.append(result)
                onRun(result)
                continue
            }
            try await clock.sleep(until: min(next.runAt, nextRefresh))
            if clock.now() >= nextRefresh {
                games = try await schedule(at: clock.now())
                nextRefresh = clock.now().addingTimeInterval(refreshInterval)
            }
        }
        return results
    }
}
