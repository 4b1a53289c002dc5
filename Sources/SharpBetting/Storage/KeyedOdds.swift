import Foundation

/// Pinnacle odds together with the game they were filed under: one row of `odds_snapshots`.
///
/// ```swift
/// let keyed = KeyedOdds(odds: odds, gameKey: .matched(gamePk: 777003), gameDate: day, gameTime: game.gameTime)
/// keyed.storageKey.matchupId   // 1610000003
/// ```
public struct KeyedOdds: Hashable, Sendable {
    /// The parsed prices.
    public var odds: Odds
    /// The game they belong to.
    public var gameKey: GameKey
    /// The slate day of the game.
    public var gameDate: SlateDate
    /// First pitch: the schedule's when matched, else Pinnacle's start time.
    public var gameTime: Date

    /// Files `odds` under `gameKey`.
    public init(odds: Odds, gameKey: GameKey, gameDate: SlateDate, gameTime: Date? = nil) {
        self.odds = odds
        self.gameKey = gameKey
        self.gameDate = gameDate
        self.gameTime = gameTime ?? odds.startTime
    }

    /// The dedupe key of the row (the table's primary key); Pinnacle has no update time, so the
    /// snapshot is the capture.
    public var storageKey: OddsStorageKey {
        OddsStorageKey(matchupId: odds.matchupId, market: odds.market.rawValue, period: odds.period,
                       snapshotMicros: DuckDBTimestampMicros.of(odds.capturedAt))
    }
}

/// The primary key of `odds_snapshots`: matchup, market, period and snapshot time.
public struct OddsStorageKey: Hashable, Sendable {
    /// Pinnacle's matchup id.
    public var matchupId: Int
    /// `market`.
    public var market: String
    /// Pinnacle's period (0 = full game).
    public var period: Int
    /// `snapshot_at` in microseconds since the epoch.
    public var snapshotMicros: Int64

    /// Creates a key from its columns.
    public init(matchupId: Int, market: String, period: Int, snapshotMicros: Int64) {
        self.matchupId = matchupId
        self.market = market
        self.period = period
        self.snapshotMicros = snapshotMicros
    }
}
