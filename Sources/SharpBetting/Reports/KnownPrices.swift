import DuckCoordinator
import DuckDBKit
import Foundation

/// The prices known for a signal's side at the time it was detected: each sportsbook's latest
/// price in `book_prices` (SBD's `sportsbooks`) and Pinnacle's latest in `odds_snapshots`,
/// captured at or before the signal, for the same game and market — and, for run line and
/// total, the **same line** as the pick (a price at another handicap is another bet).
///
/// ```swift
/// let quotes = try await KnownPrices(db).quotes(for: signal)   // [QuotedPrice(-175, "sbd:betmgm"), …]
/// let graded = SignalGrader.grade(signal, outcome: outcome, quotes: quotes)
/// ```
public struct KnownPrices<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator read.
    public let db: Database

    /// Prices over `db`.
    public init(_ db: Database) { self.db = db }

    /// The quotes for `signal`'s side, one per book (Pinnacle included).
    public func quotes(for signal: SharpSignal) async throws -> [QuotedPrice] {
        try await known(for: signal).quotes
    }

    /// The best price for `signal`'s side (its own and every quote), Pinnacle's no-vig
    /// probability at the pick's line, and so the edge.
    public func pricing(for signal: SharpSignal) async throws -> SignalPricing {
        let known = try await known(for: signal)
        return SignalPricing(best: SignalGrader.best(of: signal, quotes: known.quotes), fairProbability: known.fair)
    }

    /// Closing-line value of `signal`: Pinnacle's no-vig probability of the side at the pick's line
    /// in its last snapshot before first pitch, minus the same at signal time, in probability
    /// points (×100). Positive: the market moved toward the pick after it was made. Nil before
    /// first pitch (`now`) or when Pinnacle lists the pick's line at neither time.
    public func closingLineValue(for signal: SharpSignal, now: Date) async throws -> Double? {
        guard let firstPitch = signal.game.firstPitch, now >= firstPitch else { return nil }
        guard let atSignal = try await pinnacleFair(for: signal, by: signal.detectedAt),
              let closing = try await pinnacleFair(for: signal, by: firstPitch) else { return nil }
        return (closing - atSignal) * 100
    }

    /// Pinnacle's no-vig probability of `signal`'s side in its last snapshot captured by `time`.
    private func pinnacleFair(for signal: SharpSignal, by time: Date) async throws -> Double? {
        let homeOrOver = signal.side == .home || signal.side == .over
        let query: SQLQuery = """
            SELECT points, implied_away_or_under AS away_fair, implied_home_or_over AS home_fair
            FROM odds_snapshots
            WHERE game_key = \(.string(signal.game.gameKey)) AND market = \(.string(signal.market.rawValue)) AND period = 0
              AND captured_at <= \(.timestampTZ(time))
            ORDER BY captured_at DESC LIMIT 1
            """
        let rows = try await db.read(query)
        guard let row = rows.first else { return nil }
        let points: Double? = try row["points"]
        let line = signal.market == .spread && !homeOrOver ? points.map { -$0 } : points
        guard Self.sameLine(line, as: signal) else { return nil }
        return try row[homeOrOver ? "home_fair" : "away_fair"]
    }

    private func known(for signal: SharpSignal) async throws -> (quotes: [QuotedPrice], fair: Double?) {
        let homeOrOver = signal.side == .home || signal.side == .over
        let matching: SQLQuery = """
            game_key = \(.string(signal.game.gameKey)) AND market = \(.string(signal.market.rawValue))
            AND captured_at <= \(.timestampTZ(signal.detectedAt))
            """
        let latestPerBook = PortableSQL.firstPerGroup(of: "book_prices WHERE \(matching)", partitionBy: "source, book",
                                                      orderBy: "captured_at DESC")
        let bookQuery: SQLQuery = """
            SELECT source, book, line_away_or_over AS away_line, line_home_or_under AS home_line,
                   price_away_or_under AS away_price, price_home_or_over AS home_price
            FROM (\(latestPerBook)) latest
            """
        let pinnacleQuery: SQLQuery = """
            SELECT points, price_away_or_under AS away_price, price_home_or_over AS home_price,
                   implied_away_or_under AS away_fair, implied_home_or_over AS home_fair
            FROM odds_snapshots WHERE \(matching) AND period = 0
            ORDER BY captured_at DESC LIMIT 1
            """
        async let books = db.read(bookQuery)
        async let pinnacle = db.read(pinnacleQuery)
        var quotes: [QuotedPrice] = []
        var fair: Double?
        for row in try await books {
            let line: Double? = try row[homeOrOver ? "home_line" : "away_line"]
            let price: Double? = try row[homeOrOver ? "home_price" : "away_price"]
            guard let price, Self.sameLine(line, as: signal) else { continue }
            quotes.append(QuotedPrice(price: price, source: "\(try row["source", as: String.self]):\(try row["book", as: String.self])"))
        }
        for row in try await pinnacle {
            // Pinnacle's points: the home handicap (spread) or the total.
            let points: Double? = try row["points"]
            let line = signal.market == .spread && !homeOrOver ? points.map { -$0 } : points
            guard Self.sameLine(line, as: signal) else { continue }
            quotes.append(QuotedPrice(price: try row[homeOrOver ? "home_price" : "away_price"], source: "pinnacle"))
            fair = try row[homeOrOver ? "home_fair" : "away_fair"]
        }
        return (quotes, fair)
    }

    /// Whether a quote at `line` is for the pick's bet (moneyline: always).
    static func sameLine(_ line: Double?, as signal: SharpSignal) -> Bool {
        guard signal.market != .moneyline else { return true }
        guard let line, let pick = signal.line else { return false }
        return abs(line - pick) < 1e-9
    }
}
