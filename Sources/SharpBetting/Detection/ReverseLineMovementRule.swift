import DuckCoordinator
import DuckDBKit

/// Reverse line movement, from successive snapshots: between a book's first and latest
/// snapshot the line moved toward the side with fewer tickets — by ≥ 0.5 points (spread,
/// total) or ≥ 10 cents (moneyline) — while that side holds < 40% of bets.
///
/// Moneyline cents are measured on a continuous scale (`+p → p − 100`, `−p → −p + 100`, so
/// −105 → +105 is 10 cents); the moneyline moves toward a side when that side's price shortens.
/// A spread moves toward home when the home handicap shrinks; a total moves toward the over
/// when it rises. The query also returns every other line move, for the signals' `lineMovement`.
///
/// The same test runs on **Pinnacle's** line and price (``pinnacleMoves(_:scope:)``): a move of
/// the reference book toward the side with fewer tickets is reverse line movement too, with
/// origin `pinnacle`.
struct ReverseLineMovementRule: Sendable {
    let config: DetectionConfig

    /// `x` of an American price column on the continuous cents scale (`+p → p − 100`, `−p → −p + 100`).
    private static func cents(_ column: String) -> String {
        "(CASE WHEN \(column) >= 100 THEN \(column) - 100 WHEN \(column) <= -100 THEN \(column) + 100 END)"
    }

    /// Each book's move between its opening and latest snapshot in the scope.
    func moves(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [LineMove] {
        let cents = Self.cents
        let query: SQLQuery = """
            \(scope.query)
            ,
            moves AS (
                SELECT l.game_key, l.market, l.source, l.book, l.differential,
                       l.home_or_over_bets_pct AS home_bets, l.away_or_under_bets_pct AS away_bets,
                       CASE l.market WHEN 'total' THEN coalesce(o.line_away_or_over, o.line_home_or_under)
                                     ELSE o.line_home_or_under END AS from_line,
                       CASE l.market WHEN 'total' THEN coalesce(l.line_away_or_over, l.line_home_or_under)
                                     ELSE l.line_home_or_under END AS to_line,
                       CASE l.market
                           WHEN 'moneyline' THEN coalesce(\(raw: cents("o.line_home_or_under")) - \(raw: cents("l.line_home_or_under")),
                                                          \(raw: cents("l.line_away_or_over")) - \(raw: cents("o.line_away_or_over")))
                           WHEN 'spread' THEN coalesce(o.line_home_or_under - l.line_home_or_under,
                                                       l.line_away_or_over - o.line_away_or_over)
                           ELSE coalesce(l.line_away_or_over - o.line_away_or_over, l.line_home_or_under - o.line_home_or_under)
                       END AS toward
                FROM latest l JOIN opening o USING (game_key, market, source, book)
                WHERE o.snapshot_at < l.snapshot_at
            )
            """
        return try await reverse(db, query)
    }

    /// Pinnacle's move — the sharpest book's, the reference — between its first and its latest
    /// full-game price in `odds_snapshots` captured by `asOf` (and before first pitch), against the
    /// tickets of the splits the scope reads (averaged over books): the moneyline price of the
    /// home side shortening is a move toward home; the home handicap shrinking (spread) or the
    /// total rising, toward home or the over.
    func pinnacleMoves(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [LineMove] {
        let cents = Self.cents
        let asOfFilter: SQLQuery = scope.asOf.map { "AND captured_at <= \(.timestampTZ($0))" } ?? ""
        let pregameFilter: SQLQuery = scope.excludeAfterFirstPitch ? "AND captured_at <= game_time" : ""
        let query: SQLQuery = """
            \(scope.query)
            ,
            pin AS (
                SELECT game_key, market, captured_at, price_home_or_over, price_away_or_under, points
                FROM odds_snapshots WHERE game_date = \(.date(scope.gameDate.duckDBDate)) AND period = 0 \(asOfFilter) \(pregameFilter)
            ),
            pin_open AS (\(PortableSQL.firstPerGroup(of: "pin", partitionBy: "game_key, market", orderBy: "captured_at"))),
            pin_last AS (\(PortableSQL.firstPerGroup(of: "pin", partitionBy: "game_key, market", orderBy: "captured_at DESC"))),
            tickets AS (
                SELECT game_key, market, avg(home_or_over_bets_pct) AS home_bets, avg(away_or_under_bets_pct) AS away_bets,
                       avg(differential) AS differential
                FROM latest GROUP BY game_key, market
            ),
            moves AS (
                SELECT l.game_key, l.market, 'pinnacle' AS source, '' AS book, t.differential, t.home_bets, t.away_bets,
                       CASE l.market WHEN 'moneyline' THEN o.price_home_or_over ELSE o.points END AS from_line,
                       CASE l.market WHEN 'moneyline' THEN l.price_home_or_over ELSE l.points END AS to_line,
                       CASE l.market
                           WHEN 'moneyline' THEN \(raw: cents("o.price_home_or_over")) - \(raw: cents("l.price_home_or_over"))
                           WHEN 'spread' THEN o.points - l.points
                           ELSE l.points - o.points
                       END AS toward
                FROM pin_last l JOIN pin_open o USING (game_key, market) JOIN tickets t USING (game_key, market)
                WHERE o.captured_at < l.captured_at
            )
            """
        return try await reverse(db, query)
    }

    /// Reads the `moves` of `query` (a query up to its `moves` CTE) and decides which are reverse.
    private func reverse(_ db: some DatabaseCoordinating, _ query: SQLQuery) async throws -> [LineMove] {
        let maxBets = DuckDBValue.double(config.rlmMaxBetsPct)
        let query = query + """
            ,
            sized AS (
                SELECT *, (CASE market WHEN 'moneyline' THEN \(.double(config.rlmMoneylineCents)) ELSE \(.double(config.rlmPointMove)) END) AS needed
                FROM moves WHERE toward IS NOT NULL AND toward <> 0
            )
            SELECT *,
                   coalesce((home_bets < away_bets AND home_bets < \(maxBets) AND toward >= needed)
                         OR (away_bets < home_bets AND away_bets < \(maxBets) AND -toward >= needed), false) AS is_reverse
            FROM sized
            """
        return try await db.read(query).rows.compactMap { row in
            guard let key = try MarketHit.key(row) else { return nil }
            return LineMove(
                gameKey: key.gameKey, market: key.market,
                origin: SplitOrigin(source: try row["source"], book: try row["book"]),
                towardHomeOrOver: try row["toward"], fromLine: try row["from_line"], toLine: try row["to_line"],
                differential: try row["differential"], homeOrOverBetsPct: try row["home_bets"],
                awayOrUnderBetsPct: try row["away_bets"], isReverse: try row["is_reverse"])
        }
    }

    /// The reverse moves among `moves`, as hits on the side the line moved toward.
    func hits(from moves: [LineMove]) -> [MarketHit] {
        moves.filter(\.isReverse).map { move in
            let side = move.market.side(homeOrOver: move.towardHomeOrOver > 0)
            let bets = side.isHomeOrOver ? move.homeOrOverBetsPct : move.awayOrUnderBetsPct
            let unit = move.market == .moneyline ? "cents" : "points"
            let lines = move.fromLine.flatMap { from in move.toLine.map { "\(NumberText.plain(from)) → \(NumberText.plain($0)), " } } ?? ""
            let detail = "reverse line movement at \(move.origin): \(lines)\(NumberText.plain(abs(move.towardHomeOrOver))) \(unit) "
                + "toward \(side.rawValue) with \(NumberText.plain(bets))% of bets"
            return MarketHit(gameKey: move.gameKey, market: move.market, side: side,
                             hit: RuleHit(rule: .reverseLineMovement, origins: [move.origin],
                                          strength: max(abs(move.differential), config.rlmMinimumStrength),
                                          level: nil, detail: detail))
        }
    }
}
