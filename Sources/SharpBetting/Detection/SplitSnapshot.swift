import DuckDBKit
import Foundation

/// One row of the `latest` snapshots a detection reads (see ``SnapshotScope``).
struct SplitSnapshot: Sendable, Hashable {
    var gameKey: String
    var gameId: Int?
    var gameDate: SlateDate
    var firstPitch: Date?
    var away: Team
    var home: Team
    var origin: SplitOrigin
    var market: Market
    var snapshotAt: Date
    var lineAwayOrOver: Double?
    var lineHomeOrUnder: Double?
    var awayOrUnderBetsPct: Double
    var awayOrUnderMoneyPct: Double
    var homeOrOverBetsPct: Double
    var homeOrOverMoneyPct: Double
    var differential: Double

    init(row: Row) throws {
        gameKey = try row["game_key"]
        gameId = try row["game_id", as: Int?.self]
        let day: DuckDBDate = try row["game_date"]
        let parts = day.components
        guard let slate = SlateDate(year: parts.year, month: parts.month, day: parts.day) else {
            throw DetectionError.badRow(gameKey: gameKey, reason: "game_date \(day) is out of range")
        }
        gameDate = slate
        firstPitch = try row["first_pitch", as: Date?.self]
        away = try Self.team(row, "away", gameKey)
        home = try Self.team(row, "home", gameKey)
        origin = SplitOrigin(source: try row["source"], book: try row["book"])
        let marketName: String = try row["market"]
        guard let market = Market(rawValue: marketName) else {
            throw DetectionError.badRow(gameKey: gameKey, reason: "unknown market '\(marketName)'")
        }
        self.market = market
        snapshotAt = try row["snapshot_at"]
        lineAwayOrOver = try row["line_away_or_over"]
        lineHomeOrUnder = try row["line_home_or_under"]
        awayOrUnderBetsPct = try row["away_or_under_bets_pct"]
        awayOrUnderMoneyPct = try row["away_or_under_money_pct"]
        homeOrOverBetsPct = try row["home_or_over_bets_pct"]
        homeOrOverMoneyPct = try row["home_or_over_money_pct"]
        differential = try row["differential"]
    }

    private static func team(_ row: Row, _ column: String, _ gameKey: String) throws -> Team {
        let code: String = try row[column]
        guard let team = Team(rawValue: code) else {
            throw DetectionError.badRow(gameKey: gameKey, reason: "\(column) '\(code)' is not a team code")
        }
        return team
    }

    var game: SignalGame {
        SignalGame(gameKey: gameKey, gameId: gameId, gameDate: gameDate, away: away, home: home, firstPitch: firstPitch)
    }

    var evidence: BookDifferential {
        BookDifferential(origin: origin, snapshotAt: snapshotAt, homeOrOverBetsPct: homeOrOverBetsPct,
                         homeOrOverMoneyPct: homeOrOverMoneyPct, differential: differential)
    }

    /// Bets and money on `side`.
    func shares(of side: SharpSide) -> (bets: Double, money: Double) {
        switch side {
        case .home, .over: (homeOrOverBetsPct, homeOrOverMoneyPct)
        case .away, .under: (awayOrUnderBetsPct, awayOrUnderMoneyPct)
        }
    }

    /// The line of `side`: its price (moneyline), its handicap (spread) or the total (total).
    func line(of side: SharpSide) -> Double? {
        switch (market, side) {
        case (.total, _): lineAwayOrOver ?? lineHomeOrUnder
        case (_, .home), (_, .over): lineHomeOrUnder
        case (_, .away), (_, .under): lineAwayOrOver
        }
    }
}
