import DuckCoordinator
import DuckDBKit
import Foundation

/// Writes sportsbooks' prices into `book_prices` (migration 14): one row per game × market ×
/// source × book × capture. The feed gives no time per price, so the capture is the snapshot;
/// the primary key is the dedupe rule and a row already stored is skipped by the insert itself
/// (`INSERT … ON CONFLICT DO NOTHING`, no read first).
///
/// ```swift
/// let stored = try await BookPriceStore(database: coordinator).store(keyedPrices)
/// print(stored, "new price rows")
/// ```
public struct BookPriceStore: Sendable {
    /// The table written.
    public static let table = "book_prices"

    /// The columns written, in row order (every column of the table).
    public static let columns = [
        "game_key", "game_id", "game_date", "game_time", "away", "home", "source", "book", "market",
        "line_away_or_over", "line_home_or_under", "price_away_or_under", "price_home_or_over",
        "source_game_id", "snapshot_at", "captured_at",
    ]

    /// The database.
    public let database: any DatabaseCoordinating

    /// A store writing through `database`.
    public init(database: any DatabaseCoordinating) { self.database = database }

    /// Inserts the rows not stored yet, in one job; returns how many were new.
    @discardableResult
    public func store(_ prices: [KeyedBookPrice], priority: OperationPriority = .normal) async throws -> Int {
        var job = StoreJob()
        let pending = Self.add(prices, to: &job)
        return pending.counts(try await job.run(on: database, priority: priority))[Self.table]?.stored ?? 0
    }

    /// Adds the statement storing `prices` to `job`; its count is under ``table``.
    static func add(_ prices: [KeyedBookPrice], to job: inout StoreJob) -> PendingStoreCounts<String> {
        var pending = PendingStoreCounts<String>()
        let insert = MultiRowInsert(table: table, columns: columns, suffix: "ON CONFLICT DO NOTHING")
        pending.expect(table, total: prices.count, statements: job.add(insert.statements(prices.map(row))))
        return pending
    }

    /// The row of `keyed`, in ``columns`` order.
    public static func row(_ keyed: KeyedBookPrice) -> [DuckDBValue] {
        let price = keyed.price
        func number(_ value: Double?) -> DuckDBValue { value.map(DuckDBValue.double) ?? .null }
        return [
            .string(keyed.gameKey.rawValue), keyed.gameKey.gamePk.map { .int(Int64($0)) } ?? .null,
            .date(keyed.gameDate.duckDBDate), keyed.gameTime.map(DuckDBValue.timestampTZ) ?? .null,
            .string(price.away.rawValue), .string(price.home.rawValue), .string(price.source.rawValue),
            .string(price.book.rawValue), .string(price.market.rawValue),
            number(price.lineAwayOrOver), number(price.lineHomeOrUnder),
            number(price.priceAwayOrUnder), number(price.priceHomeOrOver),
            price.sourceGameId.map(DuckDBValue.string) ?? .null,
            .timestampTZ(price.capturedAt), .timestampTZ(price.capturedAt),
        ]
    }
}
