import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes splits into `raw_mlb_betting_splits`, one row per game × market × source × book ×
/// snapshot, adding only rows the table does not hold yet.
///
/// No read first: the table's primary key is the dedupe rule. Each feed's rows are one
/// `INSERT … ON CONFLICT DO NOTHING` (so the rows it changed are that feed's new rows), after
/// one `UPDATE … FROM (VALUES …)` that moves `last_captured_at` of the rows already stored
/// forward to this capture (the source still serves them); all in one job on the writer, so
/// two collectors storing the same capture at once store each row once. A DuckDB writer in
/// this process stages every feed's rows once and runs one update and one insert for all of
/// them, counting each feed's new rows from the insert's `RETURNING`.
///
/// ```swift
/// let store = SplitStore(database: coordinator)
/// let counts = try await store.store(keyedSplits)
/// print(counts[SplitOrigin(source: "sbd")]?.stored ?? 0, "new SBD rows")
/// ```
public struct SplitStore: Sendable {
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

    /// Stores the rows of `splits` not stored yet, in one job; returns per feed how many were
    /// new and how many were already stored (or repeated within `splits`).
    public func store(_ splits: [KeyedSplit], priority: OperationPriority = .normal) async throws -> [SplitOrigin: StoreCount] {
        var job = StoreJob()
        let pending = add(splits, to: &job)
        return pending.counts(try await job.run(on: database, priority: priority))
    }

    /// Adds the statements storing `splits` to `job`; the returned value reads their counts.
    func add(_ splits: [KeyedSplit], to job: inout StoreJob) -> PendingStoreCounts<SplitOrigin> {
        var seen = Set<SplitStorageKey>()
        var unique: [SplitOrigin: [KeyedSplit]] = [:]
        var totals: [SplitOrigin: Int] = [:]
        for split in splits {
            let origin = SplitOrigin(source: split.split.source.rawValue, book: split.split.book?.rawValue ?? "")
            totals[origin, default: 0] += 1
            if seen.insert(split.storageKey).inserted { unique[origin, default: []].append(split) }
        }
        let origins = totals.keys.sorted()
        let rows = origins.map { (unique[$0] ?? []).map(row) }
        // Only a snapshot with its own time (SBD's `updated`) can be one stored by an earlier
        // capture; one timed by its capture (VSIN) is new unless this very capture was stored.
        let ownTime = origins.flatMap { unique[$0] ?? [] }.filter { $0.snapshotAt != $0.split.capturedAt }
        var statements = Self.markSeenAgain(ownTime)
        let insert = MultiRowInsert(table: Self.table, columns: Self.columns, suffix: "ON CONFLICT DO NOTHING")
        var feeds: [(origin: SplitOrigin, statements: Range<Int>)] = []
        for (origin, feedRows) in zip(origins, rows) {
            let start = statements.count
            statements += insert.statements(feedRows, staged: false)
            feeds.append((origin, start..<statements.count))
        }
        let staged = rows.joined()
        if staged.count >= MultiRowInsert.minimumStagedRows {
            statements[0].staged = Self.stagedForm(of: Array(staged), updating: !ownTime.isEmpty, feeds: feeds,
                                                   covering: statements.count, insert: insert)
        }
        let offset = job.add(statements).lowerBound
        var pending = PendingStoreCounts<SplitOrigin>()
        for feed in feeds {
            pending.expect(feed.origin, total: totals[feed.origin]!,
                           statements: (offset + feed.statements.lowerBound)..<(offset + feed.statements.upperBound))
        }
        return pending
    }

    /// The in-process form of every statement storing a capture's splits (``markSeenAgain(_:)``'s
    /// updates, then each feed's inserts, `covering` statements in all): every feed's rows staged
    /// once, one `UPDATE … FROM` of those with their own time (when `updating`), one
    /// `INSERT … ON CONFLICT DO NOTHING RETURNING source, book` counted per feed. DuckDB spends
    /// milliseconds on each `ON CONFLICT` statement whatever its size, so one insert for all
    /// feeds instead of one per feed is most of a capture job's cut (BENCHMARKS.md).
    static func stagedForm(of rows: [[DuckDBValue]], updating: Bool, feeds: [(origin: SplitOrigin, statements: Range<Int>)],
                           covering: Int, insert: MultiRowInsert) -> StagedStatement {
        let staging = StagedStatement.stagingTable(for: table, columns: columns)
        var steps: [StagedStatement.Step] = []
        if updating {
            // The rows a capture saw with their own time are the ones whose snapshot is not the
            // capture itself (what `ownTime` holds for the portable form).
            steps.append(.init(sql: """
                UPDATE \(table) SET last_captured_at = seen.captured_at
                FROM \(staging) AS seen
                WHERE seen.snapshot_at <> seen.captured_at
                  AND \(table).game_key = seen.game_key AND \(table).market = seen.market
                  AND \(table).source = seen.source AND \(table).book = seen.book
                  AND \(table).snapshot_at = seen.snapshot_at
                  AND (\(table).last_captured_at IS NULL OR \(table).last_captured_at < seen.captured_at)
                """, counted: .changed(offset: 0)))
        }
        var offsets: [[DuckDBValue]: Int] = [:]
        for feed in feeds where !feed.statements.isEmpty {
            offsets[[.string(feed.origin.source), .string(feed.origin.book)]] = feed.statements.lowerBound
        }
        steps.append(.init(sql: insert.stagedSQL(returning: "RETURNING source, book"), counted: .returned(offsets: offsets)))
        return StagedStatement(table: table, columns: columns, rows: rows, steps: steps, covers: covering)
    }

    /// One `UPDATE … FROM (VALUES …)` per chunk: the stored rows among `splits` get their
    /// capture as `last_captured_at`, unless they already have a later one. (In process,
    /// ``stagedForm(of:updating:feeds:covering:insert:)`` stands for these.)
    static func markSeenAgain(_ splits: [KeyedSplit]) -> [WriteJob.Statement] {
        let columns = ["game_key", "market", "source", "book", "snapshot_at", "captured_at"]
        let rowsPerStatement = MultiRowInsert.maxParameters / columns.count
        return stride(from: 0, to: splits.count, by: rowsPerStatement).map { start in
            let chunk: [[DuckDBValue]] = splits[start..<min(splits.count, start + rowsPerStatement)].map { keyed in
                let split = keyed.split
                return [.string(keyed.gameKey.rawValue), .string(split.market.rawValue), .string(split.source.rawValue),
                        .string(split.book?.rawValue ?? ""), .timestampTZ(keyed.snapshotAt), .timestampTZ(split.capturedAt)]
            }
            let values = SQLQuery.joined(chunk.map { row in "(\(list: row))" }, separator: ", ")
            let portable: SQLQuery = """
                UPDATE \(raw: table) SET last_captured_at = CAST(seen.captured_at AS TIMESTAMPTZ)
                FROM (VALUES \(values)) AS seen (\(raw: columns.joined(separator: ", ")))
                WHERE \(raw: table).game_key = seen.game_key AND \(raw: table).market = seen.market
                  AND \(raw: table).source = seen.source AND \(raw: table).book = seen.book
                  AND \(raw: table).snapshot_at = CAST(seen.snapshot_at AS TIMESTAMPTZ)
                  AND (\(raw: table).last_captured_at IS NULL
                       OR \(raw: table).last_captured_at < CAST(seen.captured_at AS TIMESTAMPTZ))
                """
            return WriteJob.Statement(sql: portable.sql, rows: [portable.parameters])
        }
    }

    /// The row of `keyed`, in ``columns`` order.
    func row(_ keyed: KeyedSplit) -> [DuckDBValue] {
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
