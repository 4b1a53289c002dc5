import Foundation

/// One full-game Pinnacle market of one matchup at one moment: prices, points and limit.
///
/// Sides follow ``Split``: for `total` "home or over" is the over and "away or under" the under.
///
/// ```swift
/// let odds = Odds(
///     matchupId: 1_610_000_003, away: .phi, home: .nym, startTime: Date(), market: .moneyline,
///     period: 0, key: "s;0;m", status: "open", cutoffAt: nil, capturedAt: Date(),
///     priceHomeOrOver: 126, priceAwayOrUnder: -138, points: nil, maxRiskStake: 5000)
/// odds.impliedHomeOrOver   // ≈ 0.4330
/// ```
public struct Odds: Hashable, Sendable, Codable {
    /// Pinnacle's matchup id.
    public var matchupId: Int
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// Scheduled start (UTC) as Pinnacle lists it.
    public var startTime: Date
    /// The market.
    public var market: Market
    /// Pinnacle's period (0 is the full game; only 0 is parsed).
    public var period: Int
    /// Pinnacle's market key, e.g. `s;0;m`, `s;0;s;1.5`, `s;0;ou;8.5`.
    public var key: String
    /// Market status, e.g. `open`.
    public var status: String
    /// When Pinnacle stops taking bets, if given.
    public var cutoffAt: Date?
    /// When we fetched the payload.
    public var capturedAt: Date
    /// American price of the home side (or the over).
    public var priceHomeOrOver: Double
    /// American price of the away side (or the under).
    public var priceAwayOrUnder: Double
    /// Spread: the home side's handicap (the away side's is its negation); total: the total;
    /// moneyline: nil.
    public var points: Double?
    /// Largest stake Pinnacle accepts (`limits[type == maxRiskStake].amount`), if given.
    public var maxRiskStake: Double?

    /// Creates odds; see the property documentation for each field.
    public init(
        matchupId: Int, away: Team, home: Team, startTime: Date, market: Market, period: Int,
        key: String, status: String, cutoffAt: Date?, capturedAt: Date,
        priceHomeOrOver: Double, priceAwayOrUnder: Double, points: Double?, maxRiskStake: Double?
    ) {
        self.matchupId = matchupId
        self.away = away
        self.home = home
        self.startTime = startTime
        self.market = market
        self.period = period
        self.key = key
        self.status = status
        self.cutoffAt = cutoffAt
        self.capturedAt = capturedAt
        self.priceHomeOrOver = priceHomeOrOver
        self.priceAwayOrUnder = priceAwayOrUnder
        self.points = points
        self.maxRiskStake = maxRiskStake
    }

    /// Margin-free probability of the home side (or the over); see ``ImpliedProbability``.
    public var impliedHomeOrOver: Double {
        ImpliedProbability.normalized(priceHomeOrOver, priceAwayOrUnder)?.0 ?? .nan
    }

    /// Margin-free probability of the away side (or the under); see ``ImpliedProbability``.
    public var impliedAwayOrUnder: Double {
        ImpliedProbability.normalized(priceHomeOrOver, priceAwayOrUnder)?.1 ?? .nan
    }

    /// `AWAY@HOME` with team codes, e.g. `"PHI@NYM"`.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }
}
