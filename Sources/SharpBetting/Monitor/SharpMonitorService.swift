import DuckCoordinator
import Foundation

/// The sharp monitor: every ``interval`` seconds, collect new snapshots → detect → alert (each
/// alert leading with its BET or PASS call, and with `sizing` a bet's stake) only
/// on signals that are new or have strengthened (its own ``AlertLedger``, channel
/// ``AlertChannel/monitor``, remembers what was sent across cycles and restarts, and never
/// suppresses the pre-game T−5 alert), with one summary line per cycle. Like the pre-game
/// workflow it skips postponed and final games (signals of games not on the schedule are kept). Meant for the
/// `.sharpMonitor` preset.
///
/// ```swift
/// let db = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", config: .sharpMonitor)
/// try await SchemaMigrator().migrate(db)
/// let monitor = SharpMonitorService(db: db, fetcher: HTTPPayloadFetcher(), clock: SystemWorkflowClock(),
///                                   interval: 60, sinks: [ConsoleAlertSink()])
/// try await monitor.run(cycles: nil) { print($0.summary) }   // until cancelled
/// ```
public struct SharpMonitorService<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator.
    public let db: Database
    /// Where payloads come from (asked with the cycle's time as capture time).
    public let fetcher: any PayloadFetcher
    /// The time.
    public let clock: any WorkflowClock
    /// Seconds between the starts of two cycles.
    public let interval: TimeInterval
    /// The slate watched; nil: the New York day of each cycle.
    public let slateDate: SlateDate?
    /// Detection thresholds.
    public let detection: DetectionConfig
    /// The dispatcher (and its ledger).
    public let dispatcher: AlertDispatcher<Database>
    /// The collector.
    public let collector: DataCollectorService

    /// A monitor.
    public init(db: Database, fetcher: any PayloadFetcher, clock: any WorkflowClock, interval: TimeInterval = 60,
                slateDate: SlateDate? = nil, sinks: [any AlertSink] = [ConsoleAlertSink()],
                detection: DetectionConfig = .default, minimumAlertConfidence: Double = 0, sizing: StakeSizing? = nil) {
        self.db = db
        self.fetcher = fetcher
        self.clock = clock
        self.interval = interval
        self.slateDate = slateDate
        self.detection = detection
        self.dispatcher = AlertDispatcher(ledger: AlertLedger(db, channel: .monitor), sinks: sinks,
                                          minimumConfidence: minimumAlertConfidence, sizing: sizing)
        self.collector = DataCollectorService(database: db)
    }

    /// One cycle at the clock's current time.
    public func cycle(number: Int = 1) async throws -> MonitorCycleReport {
        let started = ContinuousClock.now
        let now = clock.now()
        let day = slateDate ?? CaptureContext.slateDate(at: now)
        let collection = try await collector.collect(CaptureContext(slateDate: day, capturedAt: now), using: fetcher)
        let result = try await SharpDetector(config: detection).detect(db, gameDate: day, asOf: now)
        let skipped = try await GameStore(database: db).games(on: day).filter { !$0.isPlayable }
        let skippedIds = Set(skipped.map(\.gamePk))
        let signals = result.signals.filter { signal in signal.game.gameId.map { !skippedIds.contains($0) } ?? true }
        let previously = try await dispatcher.ledger.lastAlerted(signals)
        let report = try await dispatcher.dispatch(signals, at: now)
        let wasAlerted = { (alert: Alert) in previously[AlertKey(alert)] != nil }
        let elapsed = started.duration(to: .now)
        var cycle = MonitorCycleReport(
            number: number, at: now, collection: collection, signals: signals,
            newAlerts: report.sent.filter { !wasAlerted($0) }, strengthenedAlerts: report.sent.filter(wasAlerted),
            milliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        cycle.skippedGames = skipped
        return cycle
    }

    /// Runs `cycles` cycles (nil: until cancelled), one every ``interval`` seconds from now,
    /// calling `onCycle` after each; returns their reports.
    ///
    /// - Throws: `CancellationError` when cancelled while waiting; database errors.
    @discardableResult
    public func run(cycles: Int?, onCycle: @Sendable (MonitorCycleReport) -> Void = { _ in }) async throws -> [MonitorCycleReport] {
        let start = clock.now()
        var reports: [MonitorCycleReport] = []
        var number = 0
        while cycles.map({ number < $0 }) ?? true {
            if number > 0 { try await clock.sleep(until: start.addingTimeInterval(Double(number) * interval)) }
            try Task.checkCancellation()
            number += 1
            let report = try await cycle(number: number)
            reports.append(report)
            onCycle(report)
        }
        return reports
    }
}
