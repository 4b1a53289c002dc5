/// The SQL of `sharp bench server`: one split table, its load and the analytic queries, written
/// once for both engines (DuckDB and PostgreSQL accept every statement here as it is, except the
/// row source of the load), so the two engines answer the same questions over the same rows.
///
/// ```swift
/// try connection.execute(ServerWorkloadSQL.createTable)
/// try connection.execute(ServerWorkloadSQL.load(rows: 1_000, postgres: false))
/// ```
enum ServerWorkloadSQL {
    /// The split row of `SplitRow`, with a primary key (every real split table has one) and an
    /// index on the game.
    static let createTable = """
        CREATE TABLE splits (id BIGINT PRIMARY KEY, game_id BIGINT NOT NULL, source TEXT NOT NULL, book TEXT NOT NULL,
          market TEXT NOT NULL, bets_pct DOUBLE PRECISION, money_pct DOUBLE PRECISION, captured_at TIMESTAMPTZ)
        """
    static let createIndex = "CREATE INDEX splits_game ON splits (game_id)"

    /// `INSERT … SELECT` of rows 0..<rows with the values of `SplitRow(i)`.
    static func load(rows: Int, postgres: Bool) -> String {
        let source = postgres ? "generate_series(0::BIGINT, \(rows - 1)::BIGINT) AS t(i)" : "range(\(rows)) AS t(i)"
        let divide = postgres ? "/" : "//"
        return """
            INSERT INTO splits SELECT i, 745000 + (i \(divide) 54) % 2430,
              CASE i % 3 WHEN 0 THEN 'VSIN' WHEN 1 THEN 'SBD' ELSE 'Pinnacle' END,
              CASE (i \(divide) 3) % 6 WHEN 0 THEN 'circa' WHEN 1 THEN 'draftkings' WHEN 2 THEN 'fanduel' WHEN 3 THEN 'betmgm'
                WHEN 4 THEN 'caesars' ELSE 'south_point_casino' END,
              CASE (i \(divide) 18) % 3 WHEN 0 THEN 'moneyline' WHEN 1 THEN 'spread' ELSE 'total' END,
              ((i * 7919) % 1001) / 10.0, ((i * 104729) % 1001) / 10.0,
              TIMESTAMPTZ '2025-06-17 00:00:00+00' + i * INTERVAL '1 second'
            FROM \(source)
            """
    }

    /// The single-row INSERT a binding client sends (ours, in process).
    static let insert = "INSERT INTO splits VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    static let point = "SELECT id, game_id, source, book, market, bets_pct, money_pct, captured_at FROM splits WHERE id = $1"
    static let aggregate = "SELECT count(*), avg(money_pct) FROM splits WHERE game_id = $1"
    static let selectAll = "SELECT * FROM splits"

    /// The analytic queries: what a bettor's detection asks of a season of splits.
    static let analytics: [(name: String, sql: String)] = [
        ("aggregate", """
            SELECT book, market, count(*) AS n, avg(money_pct - bets_pct) AS gap, max(abs(money_pct - bets_pct)) AS widest
            FROM splits GROUP BY book, market ORDER BY book, market
            """),
        ("latest-per-game", """
            SELECT source, market, count(*) AS signals FROM (
              SELECT source, market, money_pct - bets_pct AS differential,
                     row_number() OVER (PARTITION BY game_id, market, source, book ORDER BY captured_at DESC) AS rn
              FROM splits) latest
            WHERE rn = 1 AND abs(differential) >= 10 GROUP BY source, market ORDER BY source, market
            """),
        ("line-moves", """
            SELECT market, count(*) AS moves FROM (
              SELECT market, money_pct - lag(money_pct) OVER (PARTITION BY game_id, market, source, book ORDER BY captured_at) AS move
              FROM splits) moved
            WHERE abs(move) >= 20 GROUP BY market ORDER BY market
            """),
        ("top-n", """
            SELECT id, game_id, book, market, money_pct - bets_pct AS differential
            FROM splits ORDER BY abs(money_pct - bets_pct) DESC, id LIMIT 20
            """),
    ]
}
