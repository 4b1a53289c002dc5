/// Rules that point at **both** sides of one game's market (e.g. a money differential on the
/// home side and a public fade on the away side), or at **both teams** of one game in its
/// moneyline and run line (say SD's moneyline and ARI +1.5: a hedge, not a pick). Such markets
/// get **no** signal — there is no honest way to call one side sharp — and the conflict is
/// reported, as for a ``BookConflict``.
///
/// ```swift
/// for conflict in result.ruleConflicts { print(conflict) }
/// // ATL@WSH moneyline: rules disagree: home (public_fade 87.1), away (differential 21)
/// // SD@ARI moneyline vs spread: the picks name both teams: moneyline away (differential 21), spread home (differential 22)
/// ```
public struct RuleConflict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The hits on one side.
    public struct Side: Sendable, Hashable, Codable {
        /// The market of the side (differs between the sides of a cross-market conflict).
        public var market: Market
        /// The side.
        public var side: SharpSide
        /// The rule hits naming it.
        public var hits: [RuleHit]
    }

    /// The game.
    public var game: SignalGame
    /// The market (the first side's, for a cross-market conflict).
    public var market: Market
    /// Both sides with the hits that named them: home/over first in one market; the moneyline
    /// first across markets.
    public var sides: [Side]

    /// Creates a conflict.
    public init(game: SignalGame, market: Market, sides: [Side]) {
        self.game = game
        self.market = market
        self.sides = sides
    }

    /// Whether the two sides are in different markets (moneyline against run line).
    public var isCrossMarket: Bool { Set(sides.map(\.market)).count > 1 }

    /// `ATL@WSH moneyline: rules disagree: home (public_fade 87.1), away (differential 21)`, or
    /// `SD@ARI moneyline vs spread: the picks name both teams: moneyline away (…), spread home (…)`.
    public var description: String {
        let cross = isCrossMarket
        let parts: [String] = sides.map { side in
            let hits = side.hits.map { "\($0.rule.rawValue) \(NumberText.plain($0.strength))" }.joined(separator: ", ")
            return (cross ? "\(side.market.rawValue) " : "") + "\(side.side.rawValue) (\(hits))"
        }
        if cross {
            let markets = sides.map(\.market.rawValue).joined(separator: " vs ")
            return "\(game.matchup) \(markets): the picks name both teams: " + parts.joined(separator: ", ")
        }
        return "\(game.matchup) \(market.rawValue): rules disagree: " + parts.joined(separator: ", ")
    }
}
