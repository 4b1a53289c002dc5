/// Who sends an alert. Each channel keeps its own ledger, so an alert of the sharp monitor
/// earlier in the day never suppresses the pre-game workflow's final T−5 alert (and the other
/// way round).
///
/// ```swift
/// let ledger = AlertLedger(db, channel: .preGame)
/// AlertChannel.monitor.ledgerTable   // "monitor_alert_ledger"
/// ```
public enum AlertChannel: String, Sendable, Hashable, Codable, CaseIterable {
    /// The pre-game workflow's alerts (at T−5), table `alert_ledger` (migration 11).
    case preGame = "pregame"
    /// The sharp monitor's alerts, table `monitor_alert_ledger` (migration 13).
    case monitor

    /// The ledger table of this channel.
    public var ledgerTable: String {
        switch self {
        case .preGame: "alert_ledger"
        case .monitor: "monitor_alert_ledger"
        }
    }
}
