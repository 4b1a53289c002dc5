import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes Pinnacle's prices into `odds_snapshots` (migration 3), adding only rows not stored yet:
/// one `INSERT … ON CONFLICT DO NOTHING` (no read first; the primary key is the dedupe rule),
/// whose rows changed are the new rows.
///
/// ```swift
/// let count = try await OddsStore(database: coordinator).store(keyedOdds)
/// print(count.stored, "new,", count.duplicates, "already stored")
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

    /// Stores the rows of `odds` not stored yet, in one job.
    public func store(_ odds: [KeyedOdds], priority: OperationPriority = .normal) async throws -> StoreCount {
        var job = StoreJob()
        let pending = Self.add(odds, to: &job)
        return pending.counts(try await job.run(on: database, priority: priority))[Self.table] ?? StoreCount()
    }

    /// Adds the statement storing `odds` to `job`; its count is under ``table``.
    static func add(_ odds: [KeyedOdds], to job: inout StoreJob) -> PendingStoreCounts<String> {
        var seen = Set<OddsStorageKey>()
        let unique = odds.filter { seen.insert($0.storageKey).inserted }
        var pending = PendingStoreCounts<String>()
        let insert = MultiRowInsert(table: table, columns: columns, suffix: "ON CONFLICT DO NOTHING")
        pending.expect(table, total: odds.count, statements: job.add(insert.statements(unique.map(row))))
        return pending
    }

    /// The row of `keyed`, in ``columns`` order.
    static func row(_ keyed: KeyedOdds) -> [DuckDBValue] {
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
