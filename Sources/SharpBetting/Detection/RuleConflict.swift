/// Rules that point at **both** sides of one game's market (e.g. a money differential on the
/// home side and a public fade on the away side). Such a market gets **no** signal — there is no
/// honest way to call one side sharp — and the conflict is reported, as for a ``BookConflict``.
///
/// ```swift
/// for conflict in result.ruleConflicts { print(conflict) }
/// // ATL@WSH moneyline: rules disagree: home (public_fade 87.1), away (differential 21)
/// ```
public struct RuleConflict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The hits on one side.
    public struct Side: Sendable, Hashable, Codable {
        /// The side.
        public var side: SharpSide
        /// The rule hits naming it.
        public var hits: [RuleHit]
    }

    /// The game.
    public var game: SignalGame
    /// The market.
    public var market: Market
    /// Both sides with the hits that named them, home/over first.
    public var sides: [Side]

    /// Creates a conflict.
    public init(game: SignalGame, market: Market, sides: [Side]) {
        self.game = game
        self.market = market
        self.sides = sides
    }

    /// `ATL@WSH moneyline: rules disagree: home (public_fade 87.1), away (differential 21)`.
    public var description: String {
        let parts = sides.map { side in
            "\(side.side.rawValue) (" + side.hits.map { "\($0.rule.rawValue) \(NumberText.plain($0.strength))" }
                .joined(separator: ", ") + ")"
        }
        return "\(game.matchup) \(market.rawValue): rules disagree: " + parts.joined(separator: ", ")
    }
}
