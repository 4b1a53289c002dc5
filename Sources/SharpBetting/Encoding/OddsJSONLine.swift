import Foundation

/// The JSON-line form of ``Odds``: snake_case keys, sorted, `null` for what is absent.
///
/// Keys: `matchup_id`, `away`, `home`, `start_time`, `market`, `period`, `key`, `status`,
/// `cutoff_at`, `captured_at`, `price_home_or_over`, `price_away_or_under`, `points`,
/// `max_risk_stake`, `implied_home_or_over`, `implied_away_or_under` (rounded to 6 decimals).
///
/// ```swift
/// let line = try OddsJSONLine(odds).encoded()
/// ```
public struct OddsJSONLine: Encodable, Sendable, Hashable {
    var matchupId: Int
    var away: String
    var home: String
    var startTime: String
    var market: String
    var period: Int
    var key: String
    var status: String
    var cutoffAt: String?
    var capturedAt: String
    var priceHomeOrOver: Double
    var priceAwayOrUnder: Double
    var points: Double?
    var maxRiskStake: Double?
    var impliedHomeOrOver: Double
    var impliedAwayOrUnder: Double

    /// The line for `odds`.
    public init(_ odds: Odds) {
        func round6(_ value: Double) -> Double { (value * 1_000_000).rounded() / 1_000_000 }
        matchupId = odds.matchupId
        away = odds.away.rawValue
        home = odds.home.rawValue
        startTime = UTCTimestamp.format(odds.startTime)
        market = odds.market.rawValue
        period = odds.period
        key = odds.key
        status = odds.status
        cutoffAt = odds.cutoffAt.map(UTCTimestamp.format)
        capturedAt = UTCTimestamp.format(odds.capturedAt)
        priceHomeOrOver = odds.priceHomeOrOver
        priceAwayOrUnder = odds.priceAwayOrUnder
        points = odds.points
        maxRiskStake = odds.maxRiskStake
        impliedHomeOrOver = round6(odds.impliedHomeOrOver)
        impliedAwayOrUnder = round6(odds.impliedAwayOrUnder)
    }

    /// The one-line JSON text (no trailing newline).
    public func encoded() throws -> String { try JSONLineEncoding.line(self) }

    enum CodingKeys: String, CodingKey {
        case away, home, market, period, key, status, points
        case matchupId = "matchup_id"
        case startTime = "start_time"
        case cutoffAt = "cutoff_at"
        case capturedAt = "captured_at"
        case priceHomeOrOver = "price_home_or_over"
        case priceAwayOrUnder = "price_away_or_under"
        case maxRiskStake = "max_risk_stake"
        case impliedHomeOrOver = "implied_home_or_over"
        case impliedAwayOrUnder = "implied_away_or_under"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(matchupId, forKey: .matchupId)
        try container.encode(away, forKey: .away)
        try container.encode(home, forKey: .home)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(market, forKey: .market)
        try container.encode(period, forKey: .period)
        try container.encode(key, forKey: .key)
        try container.encode(status, forKey: .status)
        try container.encode(cutoffAt, forKey: .cutoffAt)
        try container.encode(capturedAt, forKey: .capturedAt)
        try container.encode(priceHomeOrOver, forKey: .priceHomeOrOver)
        try container.encode(priceAwayOrUnder, forKey: .priceAwayOrUnder)
        try container.encode(points, forKey: .points)
        try container.encode(maxRiskStake, forKey: .maxRiskStake)
        try container.encode(impliedHomeOrOver, forKey: .impliedHomeOrOver)
        try container.encode(impliedAwayOrUnder, forKey: .impliedAwayOrUnder)
    }
}
