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

    /// `WITH scope AS (…), pregame AS (…), eligible AS (…), latest AS (…), opening AS (…)`;
    /// a query appends `, more AS (…)` or its `SELECT`.
    var sql: String {
        let asOfFilter = asOf == nil ? "" : "AND r.captured_at <= ? AND r.snapshot_at <= ?"
        let seen = asOf == nil ? "coalesce(r.last_captured_at, r.captured_at)"
            : "least(coalesce(r.last_captured_at, r.captured_at), ?)"
        let pregameFilter = excludeAfterFirstPitch ? "WHERE first_pitch IS NULL OR lead_seconds >= 0" : ""
        let windowFilter = windowMinutes == nil ? "" : "WHERE first_pitch IS NULL OR seen_lead_seconds <= ?"
        let partition = "PARTITION BY game_key, market, source, book"
        return """
            WITH scope AS (
                SELECT r.*, coalesce(r.game_time, g.game_time) AS first_pitch,
                       epoch(coalesce(r.game_time, g.game_time)) - epoch(r.snapshot_at) AS lead_seconds,
                       \(seen) AS seen_at,
                       epoch(coalesce(r.game_time, g.game_time)) - epoch(\(seen)) AS seen_lead_seconds
                FROM raw_mlb_betting_splits r LEFT JOIN games g ON g.game_id = r.game_id
                WHERE r.game_date = ? \(asOfFilter)
                  AND NOT (r.away_or_under_bets_pct = 0 AND r.away_or_under_money_pct = 0
                           AND r.home_or_over_bets_pct = 0 AND r.home_or_over_money_pct = 0)
            ),
            pregame AS (SELECT * FROM scope \(pregameFilter)),
            eligible AS (SELECT * FROM pregame \(windowFilter)),
            latest AS (SELECT * FROM eligible QUALIFY row_number() OVER (\(partition) ORDER BY snapshot_at DESC) = 1),
            opening AS (SELECT * FROM pregame QUALIFY row_number() OVER (\(partition) ORDER BY snapshot_at ASC) = 1)
            """
    }

    /// The parameters of ``sql``, in order.
    var parameters: [DuckDBValue] {
        var values: [DuckDBValue] = []
        if let asOf { values += [.timestampTZ(asOf), .timestampTZ(asOf)] }   // seen_at, seen_lead_seconds
        values.append(.date(gameDate.duckDBDate))
        if let asOf { values += [.timestampTZ(asOf), .timestampTZ(asOf)] }   // captured_at, snapshot_at
        if let windowMinutes { values.append(.double(windowMinutes * 60)) }
        return values
    }

    /// A SQL expression giving the signal threshold of the row's `column` source, with its parameters.
    static func signalThreshold(sourceColumn column: String, config: DetectionConfig) -> (sql: String, parameters: [DuckDBValue]) {
        let sources = config.sourceThresholds.keys.sorted()
        guard !sources.isEmpty else { return ("?", [.double(config.defaultThresholds.signal)]) }
        var parameters: [DuckDBValue] = []
        var sql = "(CASE \(column)"
        for source in sources {
            sql += " WHEN ? THEN ?"
            parameters += [.string(source), .double(config.sourceThresholds[source]!.signal)]
        }
        sql += " ELSE ? END)"
        parameters.append(.double(config.defaultThresholds.signal))
        return (sql, parameters)
    }
}
