import Foundation

/// One sportsbook's prices and lines for one market of one game at one capture, as an
/// aggregate feed lists them (SBD's `sportsbooks` array). Any value may be missing: the feed
/// writes empty strings for what a book does not offer.
///
/// Sides follow ``Split``: for `total` "home or over" is the over and "away or under" the under.
///
/// ```swift
/// let price = BookPrice(source: .sbd, book: "betmgm", market: .spread, away: .phi, home: .nym,
///                       gameTime: start, sourceGameId: "20250617.03-MLB-PHI@NYM", capturedAt: now,
///                       lineAwayOrOver: -1.5, lineHomeOrUnder: 1.5, priceAwayOrUnder: 150, priceHomeOrOver: -175)
/// price.price(of: .home)   // -175
/// ```
public struct BookPrice: Hashable, Sendable, Codable {
    /// The feed that listed it.
    public var source: SourceName
    /// The sportsbook (`betmgm`, `fanduel`, …).
    public var book: Book
    /// The market.
    public var market: Market
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// First pitch as the feed lists it.
    public var gameTime: Date?
    /// The feed's own game id.
    public var sourceGameId: String?
    /// When we fetched the payload (the feed gives no time per price).
    public var capturedAt: Date
    /// Spread: the away team's handicap; total: the total (over); moneyline: nil.
    public var lineAwayOrOver: Double?
    /// Spread: the home team's handicap; total: the total (under); moneyline: nil.
    public var lineHomeOrUnder: Double?
    /// American price of the away side (or the under).
    public var priceAwayOrUnder: Double?
    /// American price of the home side (or the over).
    public var priceHomeOrOver: Double?

    /// Creates a price row.
    public init(source: SourceName, book: Book, market: Market, away: Team, home: Team, gameTime: Date?,
                sourceGameId: String?, capturedAt: Date, lineAwayOrOver: Double?, lineHomeOrUnder: Double?,
                priceAwayOrUnder: Double?, priceHomeOrOver: Double?) {
        self.source = source
        self.book = book
        self.market = market
        self.away = away
        self.home = home
        self.gameTime = gameTime
        self.sourceGameId = sourceGameId
        self.capturedAt = capturedAt
        self.lineAwayOrOver = lineAwayOrOver
        self.lineHomeOrUnder = lineHomeOrUnder
        self.priceAwayOrUnder = priceAwayOrUnder
        self.priceHomeOrOver = priceHomeOrOver
    }

    /// The American price of `side` at this book, if listed.
    public func price(of side: SharpSide) -> Double? {
        switch side {
        case .home, .over: priceHomeOrOver
        case .away, .under: priceAwayOrUnder
        }
    }

    /// `AWAY@HOME` with team codes.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }
}
