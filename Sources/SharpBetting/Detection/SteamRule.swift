import DuckCoordinator
import DuckDBKit

/// Steam: `|d| ≥ 20` on the same side at ≥ 2 books whose snapshots are at most 10 minutes
/// apart, all taken within 2 hours of first pitch. Strength is the largest `|d|` in the cluster.
/// Needs a known first pitch.
struct SteamRule: Sendable {
    let config: DetectionConfig

    func hits(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [MarketHit] {
        let query: SQLQuery = """
            \(scope.query)
            ,
            strong AS (
                SELECT game_key, market, source, book, snapshot_at, differential, lead_seconds
                FROM eligible
                WHERE first_pitch IS NOT NULL AND lead_seconds >= 0 AND lead_seconds <= \(.double(config.steamWindowMinutes * 60))
                  AND abs(differential) >= \(.double(config.steamDifferential))
            ),
            clusters AS (
                SELECT a.game_key, a.market, a.differential > 0 AS home_or_over, a.snapshot_at AS anchor,
                       count(DISTINCT b.source || ':' || b.book) AS books,
                       string_agg(DISTINCT b.source || ':' || b.book, ',') AS origins,
                       max(abs(b.differential)) AS strength, min(b.lead_seconds) AS lead_seconds
                FROM strong a JOIN strong b
                  ON b.game_key = a.game_key AND b.market = a.market
                 AND sign(b.differential) = sign(a.differential)
                 AND b.snapshot_at >= a.snapshot_at
                 AND \(raw: PortableSQL.epochSeconds("b.snapshot_at")) - \(raw: PortableSQL.epochSeconds("a.snapshot_at"))
                     <= \(.double(config.steamSpreadMinutes * 60))
                GROUP BY a.game_key, a.market, a.differential > 0, a.snapshot_at
                HAVING count(DISTINCT b.source || ':' || b.book) >= \(.int(Int64(config.steamMinBooks)))
            )
            \(PortableSQL.firstPerGroup(of: "clusters", partitionBy: "game_key, market, home_or_over", orderBy: "anchor DESC"))
            """
        return try await db.read(query).rows.compactMap { row in
            guard let key = try MarketHit.key(row) else { return nil }
            let origins = (try row["origins", as: String.self]).split(separator: ",")
                .compactMap { SplitOrigin(key: String($0)) }.sorted()
            let strength: Double = try row["strength"]
            let lead: Double = try row["lead_seconds"]
            let detail = "steam: d ≥ \(NumberText.plain(config.steamDifferential)) at "
                + origins.map(\.description).joined(separator: ", ")
                + " within \(NumberText.plain(config.steamSpreadMinutes)) min, \(NumberText.plain((lead / 60).rounded())) min before first pitch"
            return MarketHit(gameKey: key.gameKey, market: key.market, side: key.market.side(homeOrOver: try row["home_or_over"]),
                             hit: RuleHit(rule: .steam, origins: origins, strength: strength, level: nil, detail: detail))
        }
    }
}
