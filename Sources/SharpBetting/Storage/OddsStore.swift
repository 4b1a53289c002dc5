import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes Pinnacle's prices into `odds_snapshots` (migration 3), adding only rows not stored yet.
///
/// ``NewRowsStore``'s algorithm, as ``SplitStore``: read the keys already stored for the
/// affected matchups and snapshot window, bulk-insert the rest, and retry once if the primary
/// key catches a row another writer stored in between.
///
/// ```swift
/// let result = try await OddsStore(database: coordinator).store(keyedOdds)
/// print(result.inserted.count, result.duplicates.count)
/// ```
public struct OddsStore: NewRowsStore {
    /// The table written.
    public static let table = "odds_snapshots"

    /// The columns written, in row order (every column of the table).
    public static let columns = [
        "matchup_id", "game_key", "game_id", "game_date", "game_time", "away", "home", "market", "period",
        "market_key", "status", "cutoff_at", "price_home_or_over", "price_away_or_under", "points",
        "max_risk_stake", "implied_home_or_over", "implied_away_or_under", "snapshot_at", "captured_at",
    ]

    /// The database.
    public let database: any DatabaseCoordinating

    /// A store writing through `database`.
    public init(database: any DatabaseCoordinating) { self.database = database }

    /// What a ``NewRowsStore/store(_:priority:)`` call did.
    public typealias Result = StoreResult<KeyedOdds>

    /// The dedupe key of `odds`.
    public func key(of odds: KeyedOdds) -> OddsStorageKey { odds.storageKey }

    /// The keys the table already holds among those of `odds`.
    public func existingKeys(for odds: [KeyedOdds]) async throws -> Set<OddsStorageKey> {
        guard !odds.isEmpty else { return [] }
        let ids = Array(Set(odds.map(\.odds.matchupId))).sorted()
        let times = odds.map(\.odds.capturedAt)
        let query: SQLQuery = """
            SELECT matchup_id, market, period, snapshot_at FROM \(raw: Self.table)
            WHERE matchup_id IN (\(list: ids.map { DuckDBValue.int(Int64($0)) }))
              AND snapshot_at BETWEEN \(.timestampTZ(times.min()!)) AND \(.timestampTZ(times.max()!))
            """
        var keys = Set<OddsStorageKey>()
        for row in try await database.read(query) {
            keys.insert(OddsStorageKey(
                matchupId: try row["matchup_id"], market: try row["market"], period: try row["period"],
                snapshotMicros: try row["snapshot_at", as: DuckDBTimestamp.self].micros))
        }
        return keys
    }

    /// The row of `keyed`, in ``columns`` order.
    public func row(_ keyed: KeyedOdds) -> [DuckDBValue] {
        let odds = keyed.odds
        func number(_ value: Double?) -> DuckDBValue { value.map(DuckDBValue.double) ?? .null }
        return [
            .int(Int64(odds.matchupId)),
            .string(keyed.gameKey.rawValue),
            keyed.gameKey.gamePk.map { .int(Int64($0)) } ?? .null,
            .date(keyed.gameDate.duckDBDate),
            .timestampTZ(keyed.gameTime),
            .string(odds.away.rawValue),
            .string(odds.home.rawValue),
            .string(odds.market.rawValue),
            .int(Int64(odds.period)),
            .string(odds.key),
            .string(odds.status),
            odds.cutoffAt.map(DuckDBValue.timestampTZ) ?? .null,
            .double(odds.priceHomeOrOver),
            .double(odds.priceAwayOrUnder),
            number(odds.points),
            number(odds.maxRiskStake),
            .double(odds.impliedHomeOrOver),
            .double(odds.impliedAwayOrUnder),
            .timestampTZ(odds.capturedAt),
            .timestampTZ(odds.capturedAt),
        ]
    }
}
