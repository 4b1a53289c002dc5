import Foundation

/// What one cycle of the sharp monitor did, and its one-line summary.
///
/// ```swift
/// let report = try await monitor.cycle()
/// print(report.summary)
/// // cycle 2 2025-06-17T22:55:00Z: stored 157, 11 signals, 2 alerts (1 new, 1 stronger), 0 failed feeds, 412 ms
/// ```
public struct MonitorCycleReport: Sendable {
    /// 1 for the first cycle.
    public var number: Int
    /// The cycle's capture time.
    public var at: Date
    /// The collection.
    public var collection: CollectionReport
    /// Every signal detected this cycle on a playable game (postponed and final games are skipped).
    public var signals: [SharpSignal]
    /// Games of the slate skipped because they are postponed or final (`status` not playable).
    public var skippedGames: [ScheduledGame] = []
    /// Alerts sent for game/market/sides never alerted before.
    public var newAlerts: [Alert]
    /// Alerts sent because a signal strengthened since its last alert.
    public var strengthenedAlerts: [Alert]
    /// Wall time of the cycle, in milliseconds.
    public var milliseconds: Double

    /// Creates a report.
    public init(number: Int, at: Date, collection: CollectionReport, signals: [SharpSignal], newAlerts: [Alert],
                strengthenedAlerts: [Alert], milliseconds: Double) {
        self.number = number
        self.at = at
        self.collection = collection
        self.signals = signals
        self.newAlerts = newAlerts
        self.strengthenedAlerts = strengthenedAlerts
        self.milliseconds = milliseconds
    }

    /// Every alert sent this cycle.
    public var alerts: [Alert] { newAlerts + strengthenedAlerts }

    /// One line for the log.
    public var summary: String {
        "cycle \(number) \(ReplayCapture.folderName(for: at)): stored \(collection.totalStored), "
            + counted(signals.count, "signal") + ", "
            + counted(alerts.count, "alert") + " (\(newAlerts.count) new, \(strengthenedAlerts.count) stronger), "
            + (skippedGames.isEmpty ? "" : counted(skippedGames.count, "game") + " skipped (postponed/final), ")
            + counted(collection.failedFeeds.count, "failed feed") + ", \(Int(milliseconds.rounded())) ms"
    }

}
