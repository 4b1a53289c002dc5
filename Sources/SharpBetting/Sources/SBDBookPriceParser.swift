import Foundation

/// Parses the `sportsbooks` array of SBD's betting-splits feed into ``BookPrice`` rows: one per
/// book and market that lists at least one value.
///
/// The live layout (the only one a live page has been seen with):
/// each entry is `{"_id": "fanduel", "name": "fanduel", "geos": [...], "odds": {...}}` where
/// - `odds.moneyline.away` / `.home` are quotes: `{"american": "+130", "decimal": "2.30",
///   "fractional": "13/10", "probability": "0.43", "best": false}`;
/// - `odds.spread.away` / `.home` are `{"points": "+1.5", "odds": {a quote}}`;
/// - `odds.total.over` / `.under` are `{"points": "8.5", "odds": {a quote}}`.
///
/// Every string may be empty: the book does not offer it, and an entry listing nothing gives no
/// row. A quote's price is its `american`; when that is empty its `decimal` is converted
/// (`2.30 → +130`, `1.70 → −143`). The other keys (`fractional`, `probability`, `best`) are not
/// needed and not read. The book is `name`, else `_id`.
///
/// Strictness: a value that is neither empty nor a number, or a node of the wrong shape, drops
/// that book's market and is reported (``ParseOutcome/failedRows`` counts it). An entry that
/// lists values **none of which is where the live layout puts them** (say the flat
/// `{"name", "moneyline": {"away": "+130"}}` some fixtures were once written in) gives no row and
/// counts as one failed row; such entries are reported together in one error that names the
/// layout change, so a feed whose layout changed reads as failed rather than as a feed without
/// prices. A game without readable teams is skipped here (``SBDParser`` reports it).
///
/// ```swift
/// let prices = SBDBookPriceParser.parse(data, capturedAt: Date())
/// prices.values.filter { $0.market == .spread }.map { $0.price(of: .home) }
/// if prices.failedRows > prices.values.count { print(prices.errors.last!) }   // the layout changed
/// ```
public enum SBDBookPriceParser {
    /// Where the live layout keeps each value, as the layout-change error names it.
    public static let liveLayout = "odds.moneyline.{away,home}.american, odds.spread.{away,home}.points and .odds.american, "
        + "odds.total.{over,under}.points and .odds.american"

    /// Parses one SBD payload's per-book prices.
    public static func parse(_ data: Data, capturedAt: Date) -> ParseOutcome<BookPrice> {
        guard let root = JSONValue.decode(data), let games = root["games"]?.array else {
            return .rejected(ParseError(source: .sbd, kind: .payload, message: "not an SBD payload with a games array"))
        }
        var outcome = ParseOutcome<BookPrice>(slateDate: root["group"]?.string.flatMap(SlateDate.init))
        var listing = 0
        var unreadable: [String] = []
        for game in games {
            guard let awayCode = game["away"]?["code"]?.string, let homeCode = game["home"]?["code"]?.string,
                  let away = try? TeamAliases.team(named: awayCode), let home = try? TeamAliases.team(named: homeCode)
            else { continue }
            let label = "\(awayCode)@\(homeCode)"
            let gameTime = game["date"]?.string.flatMap(UTCTimestamp.parse)
            for entry in game["sportsbooks"]?.array ?? [] {
                guard let name = [entry["name"]?.string, entry["_id"]?.string].compactMap({ $0 }).first(where: { !$0.isEmpty })
                else { continue }
                let book = Book(name)
                var read = 0
                var failed = 0
                for market in Market.allCases {
                    guard let node = entry["odds"]?[market.rawValue], !node.isNull else { continue }
                    do throws(FieldError) {
                        let values = try Self.values(of: market, in: JSONFieldReader(node, path: "sportsbooks.\(name).odds.\(market.rawValue)"))
                        guard [values.lineAway, values.lineHome, values.priceAway, values.priceHome].contains(where: { $0 != nil })
                        else { continue }
                        outcome.values.append(BookPrice(
                            source: .sbd, book: book, market: market, away: away, home: home, gameTime: gameTime,
                            sourceGameId: game["_id"]?.string, capturedAt: capturedAt,
                            lineAwayOrOver: values.lineAway, lineHomeOrUnder: values.lineHome,
                            priceAwayOrUnder: values.priceAway, priceHomeOrOver: values.priceHome))
                        read += 1
                    } catch {
                        outcome.errors.append(error.parseError(source: .sbd, book: book, game: label))
                        outcome.failedRows += 1
                        failed += 1
                    }
                }
                guard Self.listsValues(entry) else { continue }
                listing += 1
                if read == 0 && failed == 0 {
                    unreadable.append("\(name) at \(label)")
                    outcome.failedRows += 1
                }
            }
        }
        if !unreadable.isEmpty {
            outcome.errors.append(ParseError(
                source: .sbd, field: "sportsbooks", kind: .payload,
                message: "\(unreadable.count) of \(listing) book entries list prices in no layout we read "
                    + "(\(unreadable.prefix(3).joined(separator: ", "))\(unreadable.count > 3 ? ", …" : "")): "
                    + "the feed's sportsbooks layout has changed; the live layout has \(liveLayout)"))
        }
        return outcome
    }

    /// The values of one market of one book: (away or over line, home or under line, away or
    /// under price, home or over price).
    private static func values(of market: Market, in node: JSONFieldReader) throws(FieldError)
        -> (lineAway: Double?, lineHome: Double?, priceAway: Double?, priceHome: Double?) {
        switch market {
        case .moneyline:
            return (nil, nil, try quote(node.optional("away")), try quote(node.optional("home")))
        case .spread:
            let away = try handicap(node.optional("away")), home = try handicap(node.optional("home"))
            return (away.points, home.points, away.price, home.price)
        case .total:
            let over = try handicap(node.optional("over")), under = try handicap(node.optional("under"))
            return (over.points, under.points, under.price, over.price)
        }
    }

    /// `{"points": "+1.5", "odds": {quote}}`: the line and its price; an empty string for the
    /// whole side (as some books write it) is "not offered".
    private static func handicap(_ side: JSONFieldReader?) throws(FieldError) -> (points: Double?, price: Double?) {
        guard let side, !isEmptyString(side.value) else { return (nil, nil) }
        guard side.value.object != nil else {
            throw FieldError(field: side.path, kind: .invalidValue,
                             message: "expected {\"points\", \"odds\"}, got \(side.value.brief)")
        }
        return (try number(side.optional("points")), try quote(side.optional("odds")))
    }

    /// A quote's American price: `american`, else `decimal` converted; nil when both are empty.
    private static func quote(_ quote: JSONFieldReader?) throws(FieldError) -> Double? {
        guard let quote, !isEmptyString(quote.value) else { return nil }
        guard quote.value.object != nil else {
            throw FieldError(field: quote.path, kind: .invalidValue,
                             message: "expected a quote {\"american\", \"decimal\", …}, got \(quote.value.brief)")
        }
        if let american = try number(quote.optional("american")) {
            guard abs(american) >= 100 else {
                throw FieldError(field: quote.fieldPath("american"), kind: .invalidValue,
                                 message: "\(NumberText.signed(american)) is not an American price")
            }
            return american
        }
        guard let decimal = try number(quote.optional("decimal")) else { return nil }
        guard decimal > 1 else {
            throw FieldError(field: quote.fieldPath("decimal"), kind: .invalidValue, message: "\(decimal) is not a decimal price")
        }
        return AmericanPrice.fromDecimal(decimal)
    }

    /// `"+130"`, `"-1.5"`, `"8.5"` (or a JSON number) as a number; empty, missing or null as nil.
    private static func number(_ field: JSONFieldReader?) throws(FieldError) -> Double? {
        guard let field else { return nil }
        if let number = field.value.number { return number }
        guard let text = field.value.string?.trimmingCharacters(in: .whitespaces) else {
            throw FieldError(field: field.path, kind: .invalidValue, message: "expected a string, got \(field.value.brief)")
        }
        if text.isEmpty { return nil }
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard let number = Double(digits), number.isFinite else {
            throw FieldError(field: field.path, kind: .invalidValue, message: "'\(text)' is not a price or line")
        }
        return number
    }

    private static func isEmptyString(_ value: JSONValue) -> Bool {
        value.string?.trimmingCharacters(in: .whitespaces).isEmpty ?? false
    }

    /// Whether a book entry lists any value at all: a non-empty string or a number anywhere
    /// but its identity (`_id`, `name`, `geos`) and the `best` flags.
    static func listsValues(_ entry: JSONValue) -> Bool {
        func lists(_ value: JSONValue) -> Bool {
            switch value {
            case .string(let text): !text.trimmingCharacters(in: .whitespaces).isEmpty
            case .number: true
            case .array(let items): items.contains(where: lists)
            case .object(let fields): fields.contains { key, value in key != "best" && lists(value) }
            case .null, .bool: false
            }
        }
        guard let fields = entry.object else { return false }
        return fields.contains { key, value in !["_id", "name", "geos"].contains(key) && lists(value) }
    }
}
