import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes Pinnacle's prices into `odds_snapshots` (migration 3), adding only rows not stored yet.
///
/// Works like ``SplitStore``: read the keys already stored for the affected matchups and
/// snapshot window, bulk-insert the rest, and retry once if the primary key catches a row
/// another writer stored in between.
///
/// ```swift
/// let result = try await OddsStore(database: coordinator).store(keyedOdds)
/// print(result.inserted.count, result.duplicates.count)
/// ```
public struct OddsStore: Sendable {
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

    /// What a ``store(_:priority:)`` call did.
    public struct Result: Sendable {
        /// Rows inserted.
        public var inserted: [KeyedOdds]
        /// Rows skipped because their key was already stored (or repeated in the call).
        public var duplicates: [KeyedOdds]
    }

    /// Inserts the rows not stored yet, in one bulk insert.
    public func store(_ odds: [KeyedOdds], priority: OperationPriority = .normal) async throws -> Result {
        var attempt = 0
        while true {
            let partition = try await self.partition(odds)
            do {
                try await database.bulkInsert(into: Self.table, columns: Self.columns,
                                              rows: partition.inserted.map(Self.row), priority: priority)
                return partition
            } catch let error as DuckDBError where error.kind == .constraint && attempt == 0 {
                attempt += 1
            }
        }
    }

    /// Splits `odds` into rows to insert and rows already stored (or repeated in `odds`).
    public func partition(_ odds: [KeyedOdds]) async throws -> Result {
        var seen = try await existingKeys(for: odds)
        var result = Result(inserted: [], duplicates: [])
        for item in odds {
            if seen.insert(item.storageKey).inserted { result.inserted.append(item) } else { result.duplicates.append(item) }
        }
        return result
    }

    /// The keys the table already holds among those of `odds`.
    public func existingKeys(for odds: [KeyedOdds]) async throws -> Set<OddsStorageKey> {
        guard !odds.isEmpty else { return [] }
        let ids = Array(Set(odds.map(\.odds.matchupId))).sorted()
        let times = odds.map(\.odds.capturedAt)
        let sql = """
            SELECT matchup_id, market, period, snapshot_at FROM \(Self.table)
            WHERE matchup_id IN (\(SQLPlaceholders.list(ids.count))) AND snapshot_at BETWEEN ? AND ?
            """
        let parameters = ids.map { DuckDBValue.int(Int64($0)) } + [.timestampTZ(times.min()!), .timestampTZ(times.max()!)]
        var keys = Set<OddsStorageKey>()
        for row in try await database.read(sql, parameters) {
            keys.insert(OddsStorageKey(
                matchupId: try row["matchup_id"], market: try row["market"], period: try row["period"],
                snapshotMicros: try row["snapshot_at", as: DuckDBTimestamp.self].micros))
        }
        return keys
    }

    /// The row of `keyed`, in ``columns`` order.
    public static func row(_ keyed: KeyedOdds) -> [DuckDBValue] {
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
