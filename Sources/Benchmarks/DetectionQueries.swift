/// Detection-style aggregate queries over the split table, as the sharp-action detector runs
/// them: latest differential per game/market/source/book, book consensus, volatile games,
/// and a daily roll-up. Each returns a small result.
enum DetectionQueries {
    static let all: [String] = [
        // Sharp signals: the latest differential per game, market, source and book beyond 10 points.
        """
        SELECT source, market, count(*) AS signals FROM (
            SELECT game_id, market, source, book, arg_max(money_pct - bets_pct, captured_at) AS differential
            FROM splits GROUP BY ALL
        ) WHERE abs(differential) >= 10 GROUP BY ALL ORDER BY ALL
        """,
        // Book consensus per market.
        """
        SELECT book, market, count(*) AS n, avg(money_pct - bets_pct) AS average,
               max(abs(money_pct - bets_pct)) AS widest
        FROM splits GROUP BY ALL ORDER BY ALL
        """,
        // Games whose money share swung widely.
        """
        SELECT count(*) AS games FROM (
            SELECT game_id FROM splits GROUP BY game_id HAVING max(money_pct) - min(money_pct) > 90
        )
        """,
        // Daily roll-up per source.
        """
        SELECT date_trunc('day', captured_at) AS day, source, count(*) AS snapshots,
               avg(abs(money_pct - bets_pct)) AS average_gap
        FROM splits GROUP BY ALL ORDER BY ALL LIMIT 500
        """,
    ]
}
