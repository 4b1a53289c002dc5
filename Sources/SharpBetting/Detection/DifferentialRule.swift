import DuckCoordinator
import DuckDBKit

/// Per-source strength thresholds on `|d|`: a book's latest split at or past its source's
/// signal threshold (VSIN 15, SBD 20 by default) names a sharp side; the level (signal,
/// moderate, strong) follows the source's thresholds.
struct DifferentialRule: Sendable {
    let config: DetectionConfig

    func hits(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [MarketHit] {
        let threshold = SnapshotScope.signalThreshold(sourceColumn: "source", config: config)
        let query: SQLQuery = """
            \(scope.query)
            SELECT game_key, market, source, book, differential,
                   home_or_over_bets_pct, home_or_over_money_pct, away_or_under_bets_pct, away_or_under_money_pct
            FROM latest WHERE abs(differential) >= \(threshold)
            """
        return try await db.read(query).rows.compactMap { row in
            guard let key = try MarketHit.key(row) else { return nil }
            let origin = SplitOrigin(source: try row["source"], book: try row["book"])
            let d: Double = try row["differential"]
            let side = key.market.side(homeOrOver: d > 0)
            let bets: Double = try row[side.isHomeOrOver ? "home_or_over_bets_pct" : "away_or_under_bets_pct"]
            let money: Double = try row[side.isHomeOrOver ? "home_or_over_money_pct" : "away_or_under_money_pct"]
            let level = config.thresholds(for: origin.source).level(for: d)
            let detail = "\(origin) \(NumberText.plain(money))% of money on \(NumberText.plain(bets))% of bets "
                + "(d \(NumberText.signed(d))\(level.map { ", \($0.rawValue)" } ?? ""))"
            return MarketHit(gameKey: key.gameKey, market: key.market, side: side,
                             hit: RuleHit(rule: .differential, origins: [origin], strength: abs(d), level: level, detail: detail))
        }
    }
}
