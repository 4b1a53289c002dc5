import DuckCoordinator
import DuckDBKit

/// Opposing markets: at one book, the moneyline sharp side and the run-line sharp side (each
/// `|d|` ≥ ``DetectionConfig/flagThreshold``, 10: DOMAIN.md's sharp side) name different teams.
/// Strength `(|d_ml| + |d_rl|) / 2`. The hit backs the side of
/// ``DetectionConfig/opposingMarketsFollow`` (the moneyline by default). When the run line is a
/// signal of its own (past its source's signal threshold), the two picks name both teams and the
/// game's moneyline and run line get no signal (a cross-market ``RuleConflict``).
struct OpposingMarketsRule: Sendable {
    let config: DetectionConfig

    func hits(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [MarketHit] {
        let query: SQLQuery = """
            \(scope.query)
            SELECT ml.game_key, ml.source, ml.book, ml.differential AS d_ml, rl.differential AS d_rl
            FROM latest ml
            JOIN latest rl ON rl.game_key = ml.game_key AND rl.source = ml.source AND rl.book = ml.book
                          AND rl.market = 'spread'
            WHERE ml.market = 'moneyline'
              AND abs(ml.differential) >= \(.double(config.flagThreshold))
              AND abs(rl.differential) >= \(.double(config.flagThreshold))
              AND sign(ml.differential) <> sign(rl.differential)
            """
        let follow: Market = config.opposingMarketsFollow == .spread ? .spread : .moneyline
        return try await db.read(query).rows.map { row in
            let origin = SplitOrigin(source: try row["source"], book: try row["book"])
            let ml: Double = try row["d_ml"]
            let rl: Double = try row["d_rl"]
            let followed = follow == .moneyline ? ml : rl
            let detail = "\(origin) moneyline d \(NumberText.signed(ml)) against run line d \(NumberText.signed(rl)) "
                + "(opposing markets, strength \(NumberText.plain((abs(ml) + abs(rl)) / 2)))"
            return MarketHit(gameKey: try row["game_key"], market: follow, side: follow.side(homeOrOver: followed > 0),
                             hit: RuleHit(rule: .opposingMarkets, origins: [origin],
                                          strength: (abs(ml) + abs(rl)) / 2, level: nil, detail: detail))
        }
    }
}
