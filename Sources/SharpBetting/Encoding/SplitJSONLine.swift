import Foundation

/// The JSON-line form of a ``Split``: exactly the keys below, sorted, with `null` for what is
/// absent (so every line has the same keys).
///
/// Keys: `source`, `book` (null for SBD), `market`, `away`, `home` (team codes), `game_time`
/// (UTC ISO-8601 or null), `line_away_or_over`, `line_home_or_under`, `away_or_under_bets_pct`,
/// `away_or_under_money_pct`, `home_or_over_bets_pct`, `home_or_over_money_pct`,
/// `away_or_under_bets`, `home_or_over_bets`, `differential`, `sharp_action` (null when none).
///
/// ```swift
/// let line = try SplitJSONLine(split).encoded()
/// // {"away":"PHI","away_or_under_bets":null,...,"sharp_action":"home","source":"vsin"}
/// ```
public struct SplitJSONLine: Encodable, Sendable, Hashable {
    var source: String
    var book: String?
    var market: String
    var away: String
    var home: String
    var gameTime: String?
    var lineAwayOrOver: Double?
    var lineHomeOrUnder: Double?
    var awayOrUnderBetsPct: Double
    var awayOrUnderMoneyPct: Double
    var homeOrOverBetsPct: Double
    var homeOrOverMoneyPct: Double
    var awayOrUnderBets: Int?
    var homeOrOverBets: Int?
    var differential: Double
    var sharpAction: String?

    /// The line for `split`, with `sharp_action` decided at `threshold` points.
    public init(_ split: Split, threshold: Double = 10) {
        source = split.source.rawValue
        book = split.book?.rawValue
        market = split.market.rawValue
        away = split.away.rawValue
        home = split.home.rawValue
        gameTime = split.gameTime.map(UTCTimestamp.format)
        lineAwayOrOver = split.lineAwayOrOver
        lineHomeOrUnder = split.lineHomeOrUnder
        awayOrUnderBetsPct = split.awayOrUnderBetsPct
        awayOrUnderMoneyPct = split.awayOrUnderMoneyPct
        homeOrOverBetsPct = split.homeOrOverBetsPct
        homeOrOverMoneyPct = split.homeOrOverMoneyPct
        awayOrUnderBets = split.awayOrUnderBets
        homeOrOverBets = split.homeOrOverBets
        differential = split.differential
        sharpAction = split.sharpAction(threshold: threshold)?.rawValue
    }

    /// The one-line JSON text (no trailing newline).
    ///
    /// - Throws: `EncodingError` only for a non-finite number.
    public func encoded() throws -> String { try JSONLineEncoding.line(self) }

    enum CodingKeys: String, CodingKey {
        case source, book, market, away, home, differential
        case gameTime = "game_time"
        case lineAwayOrOver = "line_away_or_over"
        case lineHomeOrUnder = "line_home_or_under"
        case awayOrUnderBetsPct = "away_or_under_bets_pct"
        case awayOrUnderMoneyPct = "away_or_under_money_pct"
        case homeOrOverBetsPct = "home_or_over_bets_pct"
        case homeOrOverMoneyPct = "home_or_over_money_pct"
        case awayOrUnderBets = "away_or_under_bets"
        case homeOrOverBets = "home_or_over_bets"
        case sharpAction = "sharp_action"
    }

    public func encode(to encoder: any Encoder) throws {
        // Written out so absent values become explicit nulls rather than missing keys.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(book, forKey: .book)
        try container.encode(market, forKey: .market)
        try container.encode(away, forKey: .away)
        try container.encode(home, forKey: .home)
        try container.encode(gameTime, forKey: .gameTime)
        try container.encode(lineAwayOrOver, forKey: .lineAwayOrOver)
        try container.encode(lineHomeOrUnder, forKey: .lineHomeOrUnder)
        try container.encode(awayOrUnderBetsPct, forKey: .awayOrUnderBetsPct)
        try container.encode(awayOrUnderMoneyPct, forKey: .awayOrUnderMoneyPct)
        try container.encode(homeOrOverBetsPct, forKey: .homeOrOverBetsPct)
        try container.encode(homeOrOverMoneyPct, forKey: .homeOrOverMoneyPct)
        try container.encode(awayOrUnderBets, forKey: .awayOrUnderBets)
        try container.encode(homeOrOverBets, forKey: .homeOrOverBets)
        try container.encode(differential, forKey: .differential)
        try container.encode(sharpAction, forKey: .sharpAction)
    }
}
