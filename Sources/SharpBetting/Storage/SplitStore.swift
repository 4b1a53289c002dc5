import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes splits into `raw_mlb_betting_splits`, one row per game × market × source × book ×
/// snapshot, adding only rows the table does not hold yet.
///
/// Deduplication is ``NewRowsStore``'s: the keys already stored for the affected games, sources
/// and snapshot window are read and dropped, the rest bulk-inserted in one operation, with one
/// retry if the primary key catches a row another writer stored in between. The repeats already
/// stored get their `last_captured_at` moved to this capture (the source still serves them), in
/// one transaction.
///
/// ```swift
/// let store = SplitStore(database: coordinator)
/// let result = try await store.store(keyedSplits)
/// print(result.inserted.count, "new,", result.duplicates.count, "already stored")
/// ```
public struct SplitStore: NewRowsStore {
    /// The table written.
    public static var table: String { "raw_mlb_betting_splits" }

    /// The columns written, in row order (every column of the table).
    public static let columns = [
        "game_key", "game_id", "game_date", "game_time", "away", "home", "source", "book", "market",
        "snapshot_at", "captured_at", "source_updated_at", "line_away_or_over", "line_home_or_under",
        "away_or_under_bets_pct", "away_or_under_money_pct", "home_or_over_bets_pct", "home_or_over_money_pct",
        "away_or_under_bets", "home_or_over_bets", "differential", "sharp_action", "last_captured_at",
    ]

    /// The database.
    public let database: any DatabaseCoordinating
    /// `|differential|` at which `sharp_action` is set.
    public let sharpThreshold: Double

    /// A store writing through `database`; `sharp_action` is set at `|d| ≥ sharpThreshold`.
    public init(database: any DatabaseCoordinating, sharpThreshold: Double = 10) {
        self.database = database
        self.sharpThreshold = sharpThreshold
    }

    /// What a ``NewRowsStore/store(_:priority:)`` call did.
    public typealias Result = StoreResult<KeyedSplit>

    /// The dedupe key of `split`.
    public func key(of split: KeyedSplit) -> SplitStorageKey { split.storageKey }

    /// The rows re-collected: their `last_captured_at` moves to this capture.
    public func noteDuplicates(_ duplicates: [KeyedSplit]) async throws { try await markSeenAgain(duplicates) }

    /// Moves `last_captured_at` of the stored rows of `duplicates` forward to their capture time.
    private func markSeenAgain(_ duplicates: [KeyedSplit]) async throws {
        guard !duplicates.isEmpty else { return }
        let rows: [[DuckDBValue]] = duplicates.map { keyed in
            [.timestampTZ(keyed.split.capturedAt), .string(keyed.gameKey.rawValue), .string(keyed.split.market.rawValue),
             .string(keyed.split.source.rawValue), .string(keyed.split.book?.rawValue ?? ""), .timestampTZ(keyed.snapshotAt)]
        }
        try await database.transaction { tx in
            for row in rows {
                try tx.execute("""
                    UPDATE \(Self.table) SET last_captured_at = $1
                    WHERE game_key = $2 AND market = $3 AND source = $4 AND book = $5 AND snapshot_at = $6
                      AND (last_captured_at IS NULL OR last_captured_at < $1)
                    """, row)
            }
        }
    }

    /// The keys the table already holds among those of `splits`.
    public func existingKeys(for splits: [KeyedSplit]) async throws -> Set<SplitStorageKey> {
        guard !splits.isEmpty else { return [] }
        let gameKeys = Array(Set(splits.map(\.gameKey.rawValue))).sorted()
        let sources = Array(Set(splits.map(\.split.source.rawValue))).sorted()
        let snapshots = splits.map(\.snapshotAt)
        let query: SQLQuery = """
            SELECT game_key, market, source, book, snapshot_at FROM \(raw: Self.table)
            WHERE game_key IN (\(list: gameKeys.map(DuckDBValue.string)))
              AND source IN (\(list: sources.map(DuckDBValue.string)))
              AND snapshot_at BETWEEN \(.timestampTZ(snapshots.min()!)) AND \(.timestampTZ(snapshots.max()!))
            """
        var keys = Set<SplitStorageKey>()
        for row in try await database.read(query) {
            keys.insert(SplitStorageKey(
                gameKey: try row["game_key"], market: try row["market"], source: try row["source"],
                book: try row["book"], snapshotMicros: try row["snapshot_at", as: DuckDBTimestamp.self].micros))
        }
        return keys
    }

    /// The row of `keyed`, in ``columns`` order.
    public func row(_ keyed: KeyedSplit) -> [DuckDBValue] {
        let split = keyed.split
        return [
            .string(keyed.gameKey.rawValue),
            keyed.gameKey.gamePk.map { .int(Int64($0)) } ?? .null,
            .date(keyed.gameDate.duckDBDate),
            keyed.gameTime.map(DuckDBValue.timestampTZ) ?? .null,
            .string(split.away.rawValue),
            .string(split.home.rawValue),
            .string(split.source.rawValue),
            .string(split.book?.rawValue ?? ""),
            .string(split.market.rawValue),
            .timestampTZ(keyed.snapshotAt),
            .timestampTZ(split.capturedAt),
            split.sourceUpdatedAt.map(DuckDBValue.timestampTZ) ?? .null,
            split.lineAwayOrOver.map(DuckDBValue.double) ?? .null,
            split.lineHomeOrUnder.map(DuckDBValue.double) ?? .null,
            .double(split.awayOrUnderBetsPct),
            .double(split.awayOrUnderMoneyPct),
            .double(split.homeOrOverBetsPct),
            .double(split.homeOrOverMoneyPct),
            split.awayOrUnderBets.map { .int(Int64($0)) } ?? .null,
            split.homeOrOverBets.map { .int(Int64($0)) } ?? .null,
            .double(split.differential),
            split.sharpAction(threshold: sharpThreshold).map { .string($0.rawValue) } ?? .null,
            .timestampTZ(split.capturedAt),
        ]
    }
}
