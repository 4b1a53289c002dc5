import Foundation

/// The `sportsbooks` array of a simulated SBD game, in the live layout: each book
/// `{"_id", "name", "geos", "odds"}` with `odds.moneyline.{away,home}` quotes,
/// `odds.spread.{away,home}` and `odds.total.{over,under}` as `{"points", "odds": quote}`, a quote
/// being `{"american", "decimal", "fractional", "probability", "best"}`, every string empty where
/// the book offers nothing.
///
/// The books price the game's fair probabilities (``SimulatedSlate/fair(_:at:)``) with a vig and a
/// lean of their own per game and side (up to 2.5 points, from the seed), so a book is sometimes
/// better than the break-even price and a pick can be a BET (a lean of more than about 2 points
/// against the side beats a 4.5% vig at even money):
/// - **betmgm**: all three markets; **fanduel**: moneyline and run line (its total empty);
/// - **caesars**: the moneyline only, and **slow**: it prices the previous capture's probability,
///   so right after a move its price on the side the line moved to is stale (longer);
/// - **draftkings**: the total only.
enum SimulatedSportsbooks {
    struct Entry: Encodable {
        var id: String
        var name: String
        var geos: [String]
        var odds: Odds
        enum CodingKeys: String, CodingKey { case id = "_id", name, geos, odds }
    }
    struct Odds: Encodable {
        var moneyline: Pair<Quote>
        var spread: Pair<Line>
        var total: Total
    }
    struct Pair<Value: Encodable>: Encodable { var away: Value; var home: Value }
    struct Total: Encodable { var over: Line; var under: Line }
    struct Line: Encodable {
        var points: String
        var odds: Quote
        static let empty = Line(points: "", odds: .empty)
    }
    struct Quote: Encodable {
        var american: String
        var decimal: String
        var fractional: String
        var probability: String
        var best: Bool

        static let empty = Quote(american: "", decimal: "", fractional: "", probability: "", best: false)

        /// Every form of the American `price`.
        init(_ price: Int, best: Bool = false) {
            let (numerator, denominator) = price > 0 ? (price, 100) : (100, -price)
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let divisor = gcd(numerator, denominator)
            american = price > 0 ? "+\(price)" : String(price)
            decimal = String(format: "%.2f", AmericanPrice.decimal(Double(price)))
            fractional = "\(numerator / divisor)/\(denominator / divisor)"
            probability = String(format: "%.4f", ImpliedProbability.raw(Double(price)) ?? 0)
            self.best = best
        }

        private init(american: String, decimal: String, fractional: String, probability: String, best: Bool) {
            (self.american, self.decimal, self.fractional, self.probability, self.best) = (american, decimal, fractional, probability, best)
        }
    }

    /// The largest lean of a book's fair probability for one side of one game, either way.
    static let lean = 0.025

    /// (book, geos, vig, markets listed, slow).
    private static let books: [(name: String, geos: [String], vig: Double, markets: Set<Market>, slow: Bool)] = [
        ("betmgm", ["NJ", "PA", "MI"], 0.045, [.moneyline, .spread, .total], false),
        ("caesars", ["NJ", "NY"], 0.045, [.moneyline], true),
        ("draftkings", ["NJ", "NY", "PA"], 0.045, [.total], false),
        ("fanduel", ["NJ"], 0.04, [.moneyline, .spread], false),
    ]

    static func entries(_ slate: SimulatedSlate, _ game: SimulatedGame, at index: Int) -> [Entry] {
        // Each book's prices: [market: (away or under, home or over)].
        var prices: [String: [Market: (Int, Int)]] = [:]
        for (position, book) in books.enumerated() {
            let fair = slate.fair(game, at: book.slow ? max(0, index - 1) : index)
            var rng = SplitMix64(seed: slate.seed, UInt64(game.gamePk), 0x5B00 + UInt64(position))
            func price(_ probability: Double) -> Int {
                SimulatedSlate.americanPrice(fair: min(0.9, max(0.1, probability + rng.double(in: -Self.lean...Self.lean))), vig: book.vig)
            }
            var listed: [Market: (Int, Int)] = [:]
            let home = price(fair.home), away = price(1 - fair.home)
            let cover = price(fair.homeCover), notCover = price(1 - fair.homeCover)
            let over = price(fair.over), under = price(1 - fair.over)
            if book.markets.contains(.moneyline) { listed[.moneyline] = (away, home) }
            if book.markets.contains(.spread) { listed[.spread] = (notCover, cover) }
            if book.markets.contains(.total) { listed[.total] = (under, over) }
            prices[book.name] = listed
        }
        func best(_ market: Market, home: Bool) -> Int? {
            prices.values.compactMap { $0[market].map { home ? $0.1 : $0.0 } }
                .max { AmericanPrice.cents(Double($0)) < AmericanPrice.cents(Double($1)) }
        }
        let total = SimulatedPinnacleFeed.points(game.total(progress: slate.progress(of: game, at: index)))
        let homePoints = game.homeSpreadPoints
        return books.map { book in
            let listed = prices[book.name] ?? [:]
            func quote(_ market: Market, home: Bool) -> Quote {
                guard let pair = listed[market] else { return .empty }
                let price = home ? pair.1 : pair.0
                return Quote(price, best: price == best(market, home: home))
            }
            let spread: Pair<Line> = listed[.spread] == nil ? Pair(away: .empty, home: .empty)
                : Pair(away: Line(points: String(format: "%+.1f", -homePoints), odds: quote(.spread, home: false)),
                       home: Line(points: String(format: "%+.1f", homePoints), odds: quote(.spread, home: true)))
            let totals: Total = listed[.total] == nil ? Total(over: .empty, under: .empty)
                : Total(over: Line(points: total, odds: quote(.total, home: true)),
                        under: Line(points: total, odds: quote(.total, home: false)))
            return Entry(id: book.name, name: book.name, geos: book.geos, odds: Odds(
                moneyline: Pair(away: quote(.moneyline, home: false), home: quote(.moneyline, home: true)),
                spread: spread, total: totals))
        }
    }
}
