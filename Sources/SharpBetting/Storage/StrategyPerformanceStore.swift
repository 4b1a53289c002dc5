import DuckCoordinator
import DuckDBKit
import Foundation

/// Reads and writes `strategy_performance` (migration 15): the record of each
/// ``StrategyBucket`` from the last backtest.
///
/// Saving replaces the rows of the rules backtested (all rows when every rule was), in one
/// transaction, so the table always holds one consistent run per rule. Confidence reads the
/// rules' rolled-up rows (``ruleRecords()``).
///
/// ```swift
/// let store = StrategyPerformanceStore(db)
/// try await store.replace(report.performance, rules: nil, from: report.from, to: report.to)
/// let records = try await store.ruleRecords()     // [.differential: 312 bets, ROI +8.1%, …]
/// ```
public struct StrategyPerformanceStore<Database: DatabaseCoordinating>: Sendable {
    /// The table.
    public static var table: String { "strategy_performance" }

    /// The coordinator.
    public let db: Database

    /// A store over `db` (migrated with ``SchemaMigrator``).
    public init(_ db: Database) { self.db = db }

    private static var columns: [String] {
        ["rule", "source", "market", "band", "timing", "bets", "wins", "losses", "pushes", "staked", "profit",
         "hit_rate", "hit_rate_low", "hit_rate_high", "roi", "avg_clv", "clv_bets", "assumed_price_bets",
         "from_date", "to_date", "computed_at", "kelly_staked", "kelly_profit", "clv_low", "clv_high"]
    }

    /// Replaces the stored rows of `rules` (nil: every row) with `records`, in one transaction;
    /// returns the rows written. Rolled-up rows over all rules are stored only when `rules` is nil.
    @discardableResult
    public func replace(_ records: [StrategyPerformance], rules: Set<DetectionRule>?, from: SlateDate?, to: SlateDate?,
                        at time: Date = Date()) async throws -> Int {
        let kept = records.filter { rules == nil || $0.bucket.rule != StrategyBucket.all }
        let rows: [[DuckDBValue]] = kept.map { record in
            func number(_ value: Double?) -> DuckDBValue { value.map(DuckDBValue.double) ?? .null }
            let b = record.bucket
            return [.string(b.rule), .string(b.source), .string(b.market), .string(b.band), .string(b.timing),
                    .int(Int64(record.bets)), .int(Int64(record.wins)), .int(Int64(record.losses)), .int(Int64(record.pushes)),
                    .double(record.staked), .double(record.profit), number(record.hitRate),
                    .double(record.interval.low), .double(record.interval.high), number(record.roi), number(record.averageCLV),
                    .int(Int64(record.clvBets)), .int(Int64(record.assumedPriceBets)),
                    from.map { .date($0.duckDBDate) } ?? .null, to.map { .date($0.duckDBDate) } ?? .null, .timestampTZ(time),
                    .double(record.kellyStaked), .double(record.kellyProfit), number(record.clvInterval?.lowerBound),
                    number(record.clvInterval?.upperBound)]
        }
        let names = rules.map { Array($0).map(\.rawValue).sorted() }
        var job = StoreJob()
        if let names {
            if !names.isEmpty {
                let delete: SQLQuery = "DELETE FROM \(raw: Self.table) WHERE rule IN (\(list: names.map(DuckDBValue.string)))"
                job.add([delete])
            }
        } else {
            job.add(["DELETE FROM \(raw: Self.table)"])
        }
        let inserts = job.add(MultiRowInsert(table: Self.table, columns: Self.columns, suffix: "").statements(rows))
        return try await job.run(on: db, priority: .normal).total(of: inserts)
    }

    /// Every stored record, rolled-up rows first.
    public func all() async throws -> [StrategyPerformance] {
        try await records(where: "true").sorted { $0.bucket < $1.bucket }
    }

    /// Each rule's record over every source, market, band and timing — what confidence reads.
    /// Empty when the table does not exist (a schema older than migration 15).
    public func ruleRecords() async throws -> [DetectionRule: StrategyPerformance] {
        guard try await SchemaCatalog.tableExists(Self.table, in: db) else { return [:] }
        var result: [DetectionRule: StrategyPerformance] = [:]
        for record in try await records(where: "source = 'all' AND market = 'all' AND band = 'all' AND timing = 'all'") {
            if let rule = DetectionRule(rawValue: record.bucket.rule) { result[rule] = record }
        }
        return result
    }

    private func records(where condition: String) async throws -> [StrategyPerformance] {
        try await db.read("""
            SELECT rule, source, market, band, timing, bets, wins, losses, pushes, profit, avg_clv, clv_bets, assumed_price_bets,
                   kelly_staked, kelly_profit, clv_low, clv_high
            FROM \(Self.table) WHERE \(condition)
            """, []).map { row in
            let low: Double? = try row["clv_low"], high: Double? = try row["clv_high"]
            return StrategyPerformance(
                bucket: StrategyBucket(rule: try row["rule"], source: try row["source"], market: try row["market"],
                                       band: try row["band"], timing: try row["timing"]),
                bets: try row["bets"], wins: try row["wins"], losses: try row["losses"], pushes: try row["pushes"],
                profit: try row["profit"], kellyStaked: try row["kelly_staked"] ?? 0, kellyProfit: try row["kelly_profit"] ?? 0,
                averageCLV: try row["avg_clv"], clvInterval: low.flatMap { low in high.map { low...max(low, $0) } },
                clvBets: try row["clv_bets"], assumedPriceBets: try row["assumed_price_bets"])
        }
    }
}
