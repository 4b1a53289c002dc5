import DuckDBKit
import Foundation

/// The snapshots one detection reads, as SQL common table expressions over
/// `raw_mlb_betting_splits`, so every rule's query starts from the same rows:
///
/// - `scope`: the day's snapshots captured at or before `asOf`, without all-zero markets, with
///   `first_pitch` (the row's `game_time`, else the `games` table's), `lead_seconds`
///   (first pitch − snapshot time, the source's own), `seen_at` (the last capture that still
///   served the snapshot, at most `asOf`) and `seen_lead_seconds` (first pitch − `seen_at`);
/// - `pregame`: `scope` without snapshots taken after first pitch (when configured);
/// - `eligible`: `pregame` within the snapshot window before first pitch (when configured),
///   decided on **capture** time (`seen_lead_seconds`): SBD's per-market `updated` can be an
///   hour older than a fresh capture, and that must not drop SBD out of the T−5 window;
/// - `latest`: the newest `eligible` snapshot per game/market/source/book — what the
///   `betting_splits` view holds, limited to `asOf` and the window;
/// - `opening`: the oldest `pregame` snapshot per game/market/source/book (for line movement).
///
/// Rows whose first pitch is unknown are kept by the time filters.
struct SnapshotScope: Sendable {
    let gameDate: SlateDate
    let asOf: Date?
    let windowMinutes: Double?
    let excludeAfterFirstPitch: Bool

    init(gameDate: SlateDate, asOf: Date?, config: DetectionConfig) {
        self.gameDate = gameDate
        self.asOf = asOf
        self.windowMinutes = config.snapshotWindowMinutes
        self.excludeAfterFirstPitch = config.excludeSnapshotsAfterFirstPitch
    }

    /// `WITH scope AS (…), pregame AS (…), eligible AS (…), latest AS (…), opening AS (…)`
    /// with its bound values; a query appends `, more AS (…)` or its `SELECT`.
    var query: SQLQuery {
        let asOf = self.asOf.map(DuckDBValue.timestampTZ)
        let asOfFilter: SQLQuery = asOf.map { "AND r.captured_at <= \($0) AND r.snapshot_at <= \($0)" } ?? ""
        let seen: SQLQuery = asOf.map { "least(coalesce(r.last_captured_at, r.captured_at), \($0))" }
            ?? "coalesce(r.last_captured_at, r.captured_at)"
        let pregameFilter: SQLQuery = excludeAfterFirstPitch ? "WHERE first_pitch IS NULL OR lead_seconds >= 0" : ""
        let windowFilter: SQLQuery = windowMinutes.map { "WHERE first_pitch IS NULL OR seen_lead_seconds <= \(.double($0 * 60))" } ?? ""
        let partition = "game_key, market, source, book"
        let firstPitch = PortableSQL.epochSeconds("coalesce(r.game_time, g.game_time)")
        return """
            WITH scope AS (
                SELECT r.*, coalesce(r.game_time, g.game_time) AS first_pitch,
                       \(raw: firstPitch) - \(raw: PortableSQL.epochSeconds("r.snapshot_at")) AS lead_seconds,
                       \(seen) AS seen_at,
                       \(raw: firstPitch) - CAST(EXTRACT(EPOCH FROM \(seen)) AS DOUBLE PRECISION) AS seen_lead_seconds
                FROM raw_mlb_betting_splits r LEFT JOIN games g ON g.game_id = r.game_id
                WHERE r.game_date = \(.date(gameDate.duckDBDate)) \(asOfFilter)
                  AND NOT (r.away_or_under_bets_pct = 0 AND r.away_or_under_money_pct = 0
                           AND r.home_or_over_bets_pct = 0 AND r.home_or_over_money_pct = 0)
            ),
            pregame AS (SELECT * FROM scope \(pregameFilter)),
            eligible AS (SELECT * FROM pregame \(windowFilter)),
            latest AS (\(PortableSQL.firstPerGroup(of: "eligible", partitionBy: partition, orderBy: "snapshot_at DESC"))),
            opening AS (\(PortableSQL.firstPerGroup(of: "pregame", partitionBy: partition, orderBy: "snapshot_at ASC")))
            """
    }

    /// A SQL expression giving the signal threshold of the row's `column` source, its values bound.
    static func signalThreshold(sourceColumn column: String, config: DetectionConfig) -> SQLQuery {
        let sources = config.sourceThresholds.keys.sorted()
        guard !sources.isEmpty else { return "\(.double(config.defaultThresholds.signal))" }
        let cases = sources.map { source -> SQLQuery in
            "WHEN \(.string(source)) THEN \(.double(config.sourceThresholds[source]!.signal))"
        }
        return "(CASE \(raw: column) \(SQLQuery.joined(cases, separator: " ")) ELSE \(.double(config.defaultThresholds.signal)) END)"
    }
}
