import DuckCoordinator
import DuckDBKit

/// Public fade: the average money share on one side is ≥ 85% across ≥ 2 books, or ≥ 75% with
/// every book ≥ 70% across ≥ 3 books; the signal backs the other side. Strength is the public
/// side's average money share minus ``DetectionConfig/publicFadeStrengthOffset``.
struct PublicFadeRule: Sendable {
    let config: DetectionConfig

    func hits(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [MarketHit] {
        let query: SQLQuery = """
            \(scope.query)
            ,
            money AS (
                SELECT game_key, market, count(*) AS books,
                       string_agg(source || ':' || book, ',' ORDER BY source, book) AS origins,
                       avg(home_or_over_money_pct) AS avg_home, min(home_or_over_money_pct) AS min_home,
                       avg(away_or_under_money_pct) AS avg_away, min(away_or_under_money_pct) AS min_away
                FROM latest GROUP BY game_key, market
            ),
            public AS (
                SELECT game_key, market, books, origins, avg_home >= avg_away AS public_home_or_over,
                       greatest(avg_home, avg_away) AS public_avg,
                       CASE WHEN avg_home >= avg_away THEN min_home ELSE min_away END AS public_min
                FROM money
            )
            SELECT * FROM public
            WHERE (books >= \(.int(Int64(config.publicFadeHeavyMinBooks))) AND public_avg >= \(.double(config.publicFadeHeavyMoney)))
               OR (books >= \(.int(Int64(config.publicFadeBroadMinBooks))) AND public_avg >= \(.double(config.publicFadeBroadMoney))
                   AND public_min >= \(.double(config.publicFadeBroadEveryBook)))
            """
        return try await db.read(query).rows.compactMap { row in
            guard let key = try MarketHit.key(row) else { return nil }
            let publicHomeOrOver: Bool = try row["public_home_or_over"]
            let average: Double = try row["public_avg"]
            let lowest: Double = try row["public_min"]
            let books: Int = try row["books"]
            let origins = (try row["origins", as: String.self]).split(separator: ",").compactMap { SplitOrigin(key: String($0)) }
            let publicSide = key.market.side(homeOrOver: publicHomeOrOver)
            let detail = "public fade: \(NumberText.plain(average))% of money on \(publicSide.rawValue) on average "
                + "across \(books) books (lowest \(NumberText.plain(lowest))%)"
            return MarketHit(gameKey: key.gameKey, market: key.market, side: key.market.side(homeOrOver: !publicHomeOrOver),
                             hit: RuleHit(rule: .publicFade, origins: origins,
                                          strength: max(0, average - config.publicFadeStrengthOffset), level: nil, detail: detail))
        }
    }
}
