/// What the alert ledger remembers an alert by: one game, market and side. Two signals with the
/// same key are the same pick (their rules or confidence may differ).
///
/// ```swift
/// let key = AlertKey(signal)                 // 777003 moneyline home
/// AlertKey(Alert(signal)) == key             // true: an alert keeps its signal's key
/// ```
public struct AlertKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The game (`gamePk` as text, or `YYYY-MM-DD:AWY@HOM` when not matched to the schedule).
    public var gameKey: String
    /// The market.
    public var market: Market
    /// The picked side.
    public var side: SharpSide

    /// A key from its parts.
    public init(gameKey: String, market: Market, side: SharpSide) {
        self.gameKey = gameKey
        self.market = market
        self.side = side
    }

    /// The key of `signal`'s pick.
    public init(_ signal: SharpSignal) {
        self.init(gameKey: signal.game.gameKey, market: signal.market, side: signal.side)
    }

    /// The key of `alert`'s pick.
    public init(_ alert: Alert) {
        self.init(gameKey: alert.gameKey, market: alert.market, side: alert.side)
    }

    /// `777003 moneyline home`.
    public var description: String { "\(gameKey) \(market.rawValue) \(side.rawValue)" }
}
