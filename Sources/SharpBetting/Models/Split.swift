import Foundation

/// One market of one game at one source (and book) at one moment: who holds the tickets and
/// who holds the money.
///
/// Fields are named for both kinds of market: for `moneyline` and `spread` the sides are
/// away/home; for `total` "away or under" holds the **under** and "home or over" the **over**.
/// Percentages are points in 0…100.
///
/// ```swift
/// let split = Split(
///     source: .vsin, book: .circa, market: .moneyline, away: .phi, home: .nym,
///     capturedAt: Date(), lineAwayOrOver: -142, lineHomeOrUnder: 130,
///     awayOrUnderBetsPct: 70, awayOrUnderMoneyPct: 42,
///     homeOrOverBetsPct: 30, homeOrOverMoneyPct: 58)
/// split.differential              // 28.0
/// split.sharpAction()             // .home
/// ```
public struct Split: Hashable, Sendable, Codable {
    /// The site the split came from.
    public var source: SourceName
    /// The book the source reported, or nil for an aggregate (SBD).
    public var book: Book?
    /// The market.
    public var market: Market
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// First pitch (UTC) when the source says it; VSIN rows do not.
    public var gameTime: Date?
    /// The source's own id of the game (SBD `_id`), if it has one.
    public var sourceGameId: String?
    /// When we fetched the payload.
    public var capturedAt: Date
    /// When the source says it last updated this market, if it says.
    public var sourceUpdatedAt: Date?
    /// Away price (moneyline), away handicap (spread) or the total (total); nil when absent.
    public var lineAwayOrOver: Double?
    /// Home price (moneyline), home handicap (spread) or the total (total); nil when absent.
    public var lineHomeOrUnder: Double?
    /// Share of tickets on the away side (or the under), 0…100.
    public var awayOrUnderBetsPct: Double
    /// Share of money on the away side (or the under), 0…100.
    public var awayOrUnderMoneyPct: Double
    /// Share of tickets on the home side (or the over), 0…100.
    public var homeOrOverBetsPct: Double
    /// Share of money on the home side (or the over), 0…100.
    public var homeOrOverMoneyPct: Double
    /// Ticket count on the away side (or the under), when the source gives counts.
    public var awayOrUnderBets: Int?
    /// Ticket count on the home side (or the over), when the source gives counts.
    public var homeOrOverBets: Int?

    /// Creates a split; see the property documentation for the meaning of each field.
    public init(
        source: SourceName, book: Book? = nil, market: Market, away: Team, home: Team,
        gameTime: Date? = nil, sourceGameId: String? = nil, capturedAt: Date,
        sourceUpdatedAt: Date? = nil, lineAwayOrOver: Double? = nil, lineHomeOrUnder: Double? = nil,
        awayOrUnderBetsPct: Double, awayOrUnderMoneyPct: Double,
        homeOrOverBetsPct: Double, homeOrOverMoneyPct: Double,
        awayOrUnderBets: Int? = nil, homeOrOverBets: Int? = nil
    ) {
        self.source = source
        self.book = book
        self.market = market
        self.away = away
        self.home = home
        self.gameTime = gameTime
        self.sourceGameId = sourceGameId
        self.capturedAt = capturedAt
        self.sourceUpdatedAt = sourceUpdatedAt
        self.lineAwayOrOver = lineAwayOrOver
        self.lineHomeOrUnder = lineHomeOrUnder
        self.awayOrUnderBetsPct = awayOrUnderBetsPct
        self.awayOrUnderMoneyPct = awayOrUnderMoneyPct
        self.homeOrOverBetsPct = homeOrOverBetsPct
        self.homeOrOverMoneyPct = homeOrOverMoneyPct
        self.awayOrUnderBets = awayOrUnderBets
        self.homeOrOverBets = homeOrOverBets
    }

    /// `money% − bets%` on the home (or over) side, in points, rounded to hundredths (the
    /// precision sources publish). Positive means money leans home/over beyond its tickets.
    public var differential: Double {
        ((homeOrOverMoneyPct - homeOrOverBetsPct) * 100).rounded() / 100
    }

    /// The sharp side when `|differential| ≥ threshold`, otherwise nil.
    ///
    /// `d ≥ +threshold` names home (over for totals); `d ≤ −threshold` names away (under).
    ///
    /// ```swift
    /// split.sharpAction(threshold: 10)   // .home when d = +28
    /// split.sharpAction(threshold: 30)   // nil
    /// ```
    public func sharpAction(threshold: Double = 10) -> SharpSide? {
        let d = differential
        if d >= threshold { return market.isTotal ? .over : .home }
        if d <= -threshold { return market.isTotal ? .under : .away }
        return nil
    }

    /// `AWAY@HOME` with team codes, e.g. `"PHI@NYM"`.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }
}
