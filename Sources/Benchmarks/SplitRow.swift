import DuckDBKit

/// The 8-column split row every benchmark writes: two ids, three strings, two doubles and a
/// `TIMESTAMPTZ`. Row `i` has the same values as the C baselines' `cbench_split_row_make(i)`.
///
/// ```swift
/// try connection.execute(SplitRow.createTable("splits"))
/// let row = SplitRow(42)
/// try connection.execute(SplitRow.insertSQL("splits"), row.values)
/// ```
public struct SplitRow: Sendable, Equatable {
    public var id: Int64
    public var gameID: Int64
    public var source: String
    public var book: String
    public var market: String
    public var betsPct: Double
    public var moneyPct: Double
    public var capturedAt: DuckDBTimestamp

    static let sources = ["VSIN", "SBD", "Pinnacle"]
    static let books = ["circa", "draftkings", "fanduel", "betmgm", "caesars", "south_point_casino"]
    static let markets = ["moneyline", "spread", "total"]
    /// 2025-06-17 00:00:00 UTC.
    static let firstCapture: Int64 = 1_750_118_400_000_000

    /// The column names, in table order.
    public static let columns = ["id", "game_id", "source", "book", "market", "bets_pct", "money_pct", "captured_at"]

    /// The values of row `i`: 54 rows per game and snapshot (3 sources × 6 books × 3 markets),
    /// over a season of 2,430 games, so a large table holds many snapshots of each game.
    @inline(__always)
    public init(_ i: Int) {
        let i64 = Int64(i)
        id = i64
        gameID = 745_000 + (i64 / 54) % 2_430
        source = SplitRow.sources[i % 3]
        book = SplitRow.books[(i / 3) % 6]
        market = SplitRow.markets[(i / 18) % 3]
        betsPct = Double((i64 &* 7_919) % 1_001) / 10
        moneyPct = Double((i64 &* 104_729) % 1_001) / 10
        capturedAt = DuckDBTimestamp(micros: SplitRow.firstCapture + i64 * 1_000_000)
    }

    /// The row as bound parameters, in column order.
    public var values: [DuckDBValue] {
        [.int(id), .int(gameID), .string(source), .string(book), .string(market),
         .double(betsPct), .double(moneyPct), .timestampTZ(capturedAt)]
    }

    /// Appends the row to an appender of a split table and ends the row.
    @inline(__always)
    public func append(to appender: Appender) throws {
        try appendValues(to: appender)
        try appender.endRow()
    }

    /// Appends the row's values (without ending the row), as a typed bulk insert wants.
    @inline(__always)
    public func appendValues(to appender: Appender) throws {
        try appender.append(id)
        try appender.append(gameID)
        try appender.append(source)
        try appender.append(book)
        try appender.append(market)
        try appender.append(betsPct)
        try appender.append(moneyPct)
        try appender.append(capturedAt)
    }

    /// `CREATE TABLE <table> (...)` with the split columns.
    public static func createTable(_ table: String) -> String {
        """
        CREATE TABLE \(table) (id BIGINT, game_id BIGINT, source VARCHAR, book VARCHAR, market VARCHAR,
                               bets_pct DOUBLE, money_pct DOUBLE, captured_at TIMESTAMPTZ)
        """
    }

    /// `INSERT INTO <table> VALUES (?, …)` with one placeholder per column.
    public static func insertSQL(_ table: String) -> String {
        "INSERT INTO \(table) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    }

    /// The SQL that reads the split columns in order.
    public static func selectSQL(_ table: String) -> String {
        "SELECT \(columns.joined(separator: ", ")) FROM \(table)"
    }
}
