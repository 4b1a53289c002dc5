/// SQL fragments both engines (DuckDB and PostgreSQL 13+) accept, for the constructs where
/// DuckDB's shorthand has no PostgreSQL equivalent: seconds since the epoch instead of
/// `epoch(…)`, and "first row per group" as a window in a subquery instead of `QUALIFY`.
///
/// ```swift
/// let lead = PortableSQL.epochSeconds("g.game_time") + " - " + PortableSQL.epochSeconds("r.snapshot_at")
/// let latest = PortableSQL.firstPerGroup(of: "eligible", partitionBy: "game_key, market", orderBy: "snapshot_at DESC")
/// // "SELECT * FROM (SELECT *, row_number() OVER (…) AS group_rank FROM eligible) ranked WHERE group_rank = 1"
/// ```
///
/// Contract: every argument is trusted SQL text from code (column names, expressions), never input.
public enum PortableSQL {
    /// Seconds since 1970 of a `TIMESTAMPTZ` expression, as `DOUBLE PRECISION` (PostgreSQL's
    /// `EXTRACT` gives `numeric` from version 14 on; the cast keeps both engines' results doubles).
    public static func epochSeconds(_ expression: String) -> String {
        "CAST(EXTRACT(EPOCH FROM \(expression)) AS DOUBLE PRECISION)"
    }

    /// The rows of `source` that come first in their group: every column of `source` plus
    /// `group_rank` (always 1). `source` is what follows `FROM`: a table, view or CTE name,
    /// optionally with a `WHERE` (applied before the ranking, as `QUALIFY` would be).
    public static func firstPerGroup(of source: SQLQuery, partitionBy: String, orderBy: String) -> SQLQuery {
        """
        SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY \(raw: partitionBy) ORDER BY \(raw: orderBy)) AS group_rank \
        FROM \(source)) ranked WHERE group_rank = 1
        """
    }
}
