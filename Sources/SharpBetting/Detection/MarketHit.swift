import DuckDBKit

/// A rule hit on one side of one game's market, before hits are merged into signals.
struct MarketHit: Sendable, Hashable {
    var gameKey: String
    var market: Market
    var side: SharpSide
    var hit: RuleHit

    init(gameKey: String, market: Market, side: SharpSide, hit: RuleHit) {
        self.gameKey = gameKey
        self.market = market
        self.side = side
        self.hit = hit
    }

    /// Reads `game_key` and `market` of a rule query's row.
    static func key(_ row: Row) throws -> (gameKey: String, market: Market)? {
        let gameKey: String = try row["game_key"]
        guard let market = Market(rawValue: try row["market"]) else { return nil }
        return (gameKey, market)
    }
}
