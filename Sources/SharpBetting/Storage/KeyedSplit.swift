import Foundation

/// A split together with the game it was filed under: what one row of
/// `raw_mlb_betting_splits` holds.
///
/// ```swift
/// let keyed = KeyedSplit(split: split, gameKey: .matched(gamePk: 777003), gameDate: day,
///                        gameTime: game.gameTime)
/// keyed.snapshotAt   // the source's own update time, else the capture time
/// ```
public struct KeyedSplit: Hashable, Sendable {
    /// The parsed split.
    public var split: Split
    /// The game it belongs to.
    public var gameKey: GameKey
    /// The slate day of the game.
    public var gameDate: SlateDate
    /// First pitch: the schedule's when matched, else the source's, else nil.
    public var gameTime: Date?

    /// Files `split` under `gameKey`.
    public init(split: Split, gameKey: GameKey, gameDate: SlateDate, gameTime: Date?) {
        self.split = split
        self.gameKey = gameKey
        self.gameDate = gameDate
        self.gameTime = gameTime ?? split.gameTime
    }

    /// `sourceUpdatedAt ?? capturedAt`: the moment the numbers describe.
    public var snapshotAt: Date { split.sourceUpdatedAt ?? split.capturedAt }

    /// The dedupe key of the row (the table's primary key).
    public var storageKey: SplitStorageKey {
        SplitStorageKey(gameKey: gameKey.rawValue, market: split.market.rawValue, source: split.source.rawValue,
                        book: split.book?.rawValue ?? "", snapshotMicros: DuckDBTimestampMicros.of(snapshotAt))
    }
}

/// The primary key of `raw_mlb_betting_splits`: game, market, source, book and snapshot time.
///
/// ```swift
/// let seen: Set<SplitStorageKey> = try await store.existingKeys(for: rows)
/// let fresh = rows.filter { !seen.contains($0.storageKey) }
/// ```
public struct SplitStorageKey: Hashable, Sendable {
    /// `game_key`.
    public var gameKey: String
    /// `market`.
    public var market: String
    /// `source`.
    public var source: String
    /// `book` (`""` for SBD).
    public var book: String
    /// `snapshot_at` in microseconds since the epoch, as DuckDB keeps it.
    public var snapshotMicros: Int64

    /// Creates a key from its columns.
    public init(gameKey: String, market: String, source: String, book: String, snapshotMicros: Int64) {
        self.gameKey = gameKey
        self.market = market
        self.source = source
        self.book = book
        self.snapshotMicros = snapshotMicros
    }
}

/// Microseconds since the epoch, rounded as `DuckDBTimestamp` rounds, so keys built in Swift
/// equal keys read back from DuckDB.
enum DuckDBTimestampMicros {
    static func of(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
