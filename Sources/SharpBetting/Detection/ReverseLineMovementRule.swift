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
struct ReverseLineMovementRule: Sendable {
    let config: DetectionConfig

    func moves(_ db: some DatabaseCoordinating, scope: SnapshotScope) async throws -> [LineMove] {
        func cents(_ column: String) -> String {
            "(CASE WHEN \(column) >= 100 THEN \(column) - 100 WHEN \(column) <= -100 THEN \(column) + 100 END)"
        }
        let sql = scope.sql + """
            ,
            moves AS (
                SELECT l.game_key, l.market, l.source, l.book, l.differential,
                       l.home_or_over_bets_pct AS home_bets, l.away_or_under_bets_pct AS away_bets,
                       CASE l.market WHEN 'total' THEN coalesce(o.line_away_or_over, o.line_home_or_under)
                                     ELSE o.line_home_or_under END AS from_line,
                       CASE l.market WHEN 'total' THEN coalesce(l.line_away_or_over, l.line_home_or_under)
                                     ELSE l.line_home_or_under END AS to_line,
                       CASE l.market
                           WHEN 'moneyline' THEN coalesce(\(cents("o.line_home_or_under")) - \(cents("l.line_home_or_under")),
                                                          \(cents("l.line_away_or_over")) - \(cents("o.line_away_or_over")))
                           WHEN 'spread' THEN coalesce(o.line_home_or_under - l.line_home_or_under,
                                                       l.line_away_or_over - o.line_away_or_over)
                           ELSE coalesce(l.line_away_or_over - o.line_away_or_over, l.line_home_or_under - o.line_home_or_under)
                       END AS toward
                FROM latest l JOIN opening o USING (game_key, market, source, book)
                WHERE o.snapshot_at < l.snapshot_at
            )
            SELECT *,
                   (CASE market WHEN 'moneyline' THEN ? ELSE ? END) AS needed,
                   coalesce((home_bets < away_bets AND home_bets < ? AND toward >= needed)
                         OR (away_bets < home_bets AND away_bets < ? AND -toward >= needed), false) AS is_reverse
            FROM moves WHERE toward IS NOT NULL AND toward <> 0
            """
        let parameters = scope.parameters + [
            .double(config.rlmMoneylineCents), .double(config.rlmPointMove),
            .double(config.rlmMaxBetsPct), .double(config.rlmMaxBetsPct),
        ]
        return try await db.read(sql, parameters).rows.compactMap { row in
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
