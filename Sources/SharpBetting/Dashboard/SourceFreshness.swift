import DuckCoordinator
import DuckDBKit
import Foundation
import Logging

/// How old the newest stored capture of each source is: `vsin-dk`, `vsin-circa`, `sbd`,
/// `pinnacle`, `schedule`. Behind `sharp_source_staleness_seconds{source}` and the dashboard's
/// freshness bars.
///
/// ```swift
/// for source in try await SourceFreshness.read(db) where source.stalenessSeconds > 900 {
///     print(source.source, "is", Int(source.stalenessSeconds), "s old")
/// }
/// ```
/// Contract: one entry per source that has stored anything, sorted by name; staleness is
/// `now` minus the newest `captured_at` (never negative).
public struct SourceFreshness: Sendable, Codable, Equatable {
    public var source: String
    /// The newest capture, seconds since 1970.
    public var newestCapture: Double
    public var stalenessSeconds: Double

    enum CodingKeys: String, CodingKey {
        case source, newestCapture = "newest_capture", stalenessSeconds = "staleness_s"
    }

    /// A source whose newest capture is older than this is stale (15 minutes: the pre-game
    /// workflow captures every few minutes before first pitch).
    public static let staleAfterSeconds = 900.0

    /// Reads every source's newest capture from the stored splits, odds and schedule; logs a
    /// warning for each source that has just become stale, when `warnings` is given.
    public static func read(_ db: some DatabaseCoordinating, now: Date = Date(),
                            warnings: StaleSourceWarnings? = nil) async throws -> [SourceFreshness] {
        let rows = try await db.read("""
            SELECT source || CASE WHEN book <> '' THEN '-' || book ELSE '' END AS source,
                   \(PortableSQL.epochSeconds("max(captured_at)")) AS newest FROM raw_mlb_betting_splits GROUP BY 1
            UNION ALL SELECT 'pinnacle', \(PortableSQL.epochSeconds("max(captured_at)")) FROM odds_snapshots HAVING count(*) > 0
            UNION ALL SELECT 'schedule', \(PortableSQL.epochSeconds("max(updated_at)")) FROM games HAVING count(*) > 0
            ORDER BY 1
            """)
        let reference = now.timeIntervalSince1970
        let sources = try rows.map { row in
            let newest: Double = try row["newest"]
            return SourceFreshness(source: try row["source"], newestCapture: newest,
                                   stalenessSeconds: max(0, reference - newest))
        }
        warnings?.note(sources, staleAfter: staleAfterSeconds)
        return sources
    }
}
