import DuckCoordinator
import DuckDBKit
import Foundation

/// One alert as it was sent and logged (`alert_log`, migration 21): which channel sent it
/// (the sharp monitor or the pre-game workflow), when, and what it said. The daily report lists
/// the day's, so an alert of the monitor earlier in the day is on the record too.
///
/// ```swift
/// for alert in try await SentAlert.sent(on: SlateDate("2025-06-17")!, in: db) {
///     print(alert.channel, alert.sentAt, alert.headline)   // monitor 2025-06-17 22:30 PASS NYM ML · +132 or better · …
/// }
/// ```
public struct SentAlert: Sendable, Hashable, Codable {
    /// Who sent it.
    public var channel: AlertChannel
    /// When (the capture time of the run or cycle that sent it).
    public var sentAt: Date
    /// The signal alerted.
    public var signalId: String
    /// The game key.
    public var gameKey: String
    /// The market.
    public var market: Market
    /// The side.
    public var side: SharpSide
    /// Confidence at the time.
    public var confidence: Double
    /// BET or PASS at the time (nil for a signal without a decision).
    public var call: BetDecision.Call?
    /// The alert's first part: the call and prices (``Alert/headline``).
    public var headline: String
    /// The whole alert (``Alert/text``).
    public var text: String

    /// The alerts logged for games of `gameDate`, oldest first (the monitor's before the
    /// pre-game workflow's at the same time).
    public static func sent(on gameDate: SlateDate, in db: some DatabaseCoordinating) async throws -> [SentAlert] {
        try await db.read("""
            SELECT channel, sent_at, signal_id, game_key, market, side, confidence, decision, headline, text
            FROM alert_log WHERE game_date = $1 ORDER BY sent_at, channel, game_key, market, side
            """, [.date(gameDate.duckDBDate)]).compactMap { row in
            guard let channel = AlertChannel(rawValue: try row["channel"]), let market = Market(rawValue: try row["market"]),
                  let side = SharpSide(rawValue: try row["side"]) else { return nil }
            let call: String? = try row["decision"]
            return SentAlert(channel: channel, sentAt: try row["sent_at"], signalId: try row["signal_id"],
                             gameKey: try row["game_key"], market: market, side: side, confidence: try row["confidence"],
                             call: call.flatMap(BetDecision.Call.init(rawValue:)), headline: try row["headline"],
                             text: try row["text"])
        }
    }
}
