import DuckCoordinator
import DuckDBKit
import Foundation

/// Everything one capture stores — the schedule's games, every feed's splits, Pinnacle's odds
/// and the sportsbooks' prices — written as **one** job on the writer: one transaction of
/// `INSERT … ON CONFLICT` statements (a few per table, many rows each), with no read of the
/// rows it writes. So a capture lands whole or not at all, two collectors storing the same
/// capture at once store each row once, and a capture costs one commit.
///
/// ```swift
/// let stored = try await CaptureStore(database: db).store(CaptureRows(
///     schedule: schedule, seenAt: capturedAt, splits: keyedSplits, odds: keyedOdds, prices: keyedPrices))
/// print(stored.games?.written ?? 0, "games written,", stored.splits[SplitOrigin(source: "sbd")]?.stored ?? 0, "SBD rows")
/// ```
public struct CaptureStore: Sendable {
    /// The database.
    public let database: any DatabaseCoordinating
    /// `|differential|` at which a split's `sharp_action` is stored.
    public let sharpThreshold: Double

    /// A store writing through `database`.
    public init(database: any DatabaseCoordinating, sharpThreshold: Double = 10) {
        self.database = database
        self.sharpThreshold = sharpThreshold
    }

    /// What one ``store(_:priority:)`` did.
    public struct Result: Sendable, Equatable {
        /// The games upsert (nil when the capture had no schedule).
        public var games: GameStore.Result?
        /// New and already stored split rows per feed.
        public var splits: [SplitOrigin: StoreCount]
        /// New and already stored Pinnacle rows.
        public var odds: StoreCount
        /// New sportsbook price rows.
        public var pricesStored: Int
    }

    /// Stores `rows` in one job at `priority`.
    public func store(_ rows: CaptureRows, priority: OperationPriority = .normal) async throws -> Result {
        var job = StoreJob()
        var games: (statements: Range<Int>, result: @Sendable (Int) -> GameStore.Result)?
        if let schedule = rows.schedule {
            let upsert = GameStore.upsert(schedule, seenAt: rows.seenAt)
            games = (job.add(upsert.statements), upsert.result)
        }
        let splits = SplitStore(database: database, sharpThreshold: sharpThreshold).add(rows.splits, to: &job)
        let odds = OddsStore.add(rows.odds, to: &job)
        let prices = BookPriceStore.add(rows.prices, to: &job)
        let changed = try await job.run(on: database, priority: priority)
        return Result(games: games.map { $0.result(changed.total(of: $0.statements)) },
                      splits: splits.counts(changed),
                      odds: odds.counts(changed)[OddsStore.table] ?? StoreCount(),
                      pricesStored: prices.counts(changed)[BookPriceStore.table]?.stored ?? 0)
    }
}

/// The rows one capture stores (see ``CaptureStore``).
public struct CaptureRows: Sendable {
    /// The schedule as listed (nil when it was not collected: games are then left alone).
    public var schedule: [ScheduledGame]?
    /// When the capture was fetched: the games' `updated_at`.
    public var seenAt: Date
    /// Every feed's splits, keyed to their games.
    public var splits: [KeyedSplit]
    /// Pinnacle's prices, keyed to their games.
    public var odds: [KeyedOdds]
    /// The sportsbooks' prices, keyed to their games.
    public var prices: [KeyedBookPrice]

    /// The rows of one capture.
    public init(schedule: [ScheduledGame]?, seenAt: Date, splits: [KeyedSplit] = [], odds: [KeyedOdds] = [],
                prices: [KeyedBookPrice] = []) {
        self.schedule = schedule
        self.seenAt = seenAt
        self.splits = splits
        self.odds = odds
        self.prices = prices
    }
}
