import Foundation

/// Parses the `sportsbooks` array of SBD's betting-splits feed into ``BookPrice`` rows: one per
/// book and market that lists at least one value.
///
/// Each entry is `{"name": "betmgm", "moneyline": {...}, "spread": {...}, "total": {...}}` with
/// string values (empty when the book offers nothing):
/// - `moneyline`: `away`, `home` — prices (`"-142"`, `"+130"`);
/// - `spread`: `away`, `home` — handicaps (`"-1.5"`, `"+1.5"`); `awayOdds`, `homeOdds` — prices;
/// - `total`: `over`, `under` — the total (`"8.5"`); `overOdds`, `underOdds` — prices.
///
/// Strictness: a value that is neither empty nor a number drops that book's market and is
/// reported; a game without readable teams is skipped here (``SBDParser`` reports it).
///
/// ```swift
/// let prices = SBDBookPriceParser.parse(data, capturedAt: Date())
/// prices.values.filter { $0.market == .spread }.map { $0.price(of: .home) }
/// ```
public enum SBDBookPriceParser {
    /// Parses one SBD payload's per-book prices.
    public static func parse(_ data: Data, capturedAt: Date) -> ParseOutcome<BookPrice> {
        guard let root = JSONValue.decode(data), let games = root["games"]?.array else {
            return .rejected(ParseError(source: .sbd, kind: .payload, message: "not an SBD payload with a games array"))
        }
        var outcome = ParseOutcome<BookPrice>(slateDate: root["group"]?.string.flatMap(SlateDate.init))
        for game in games {
            guard let awayCode = game["away"]?["code"]?.string, let homeCode = game["home"]?["code"]?.string,
                  let away = try? TeamAliases.team(named: awayCode), let home = try? TeamAliases.team(named: homeCode)
            else { continue }
            let label = "\(awayCode)@\(homeCode)"
            let gameTime = game["date"]?.string.flatMap(UTCTimestamp.parse)
            for entry in game["sportsbooks"]?.array ?? [] {
                guard let name = entry["name"]?.string, !name.isEmpty else { continue }
                for market in Market.allCases {
                    guard let node = entry[market.rawValue] else { continue }
                    do throws(FieldError) {
                        let path = "sportsbooks.\(name).\(market.rawValue)"
                        let values: (lineAway: Double?, lineHome: Double?, priceAway: Double?, priceHome: Double?)
                        switch market {
                        case .moneyline:
                            values = (nil, nil, try number(node, "away", path), try number(node, "home", path))
                        case .spread:
                            values = (try number(node, "away", path), try number(node, "home", path),
                                      try number(node, "awayOdds", path), try number(node, "homeOdds", path))
                        case .total:
                            values = (try number(node, "over", path), try number(node, "under", path),
                                      try number(node, "underOdds", path), try number(node, "overOdds", path))
                        }
                        guard [values.lineAway, values.lineHome, values.priceAway, values.priceHome].contains(where: { $0 != nil })
                        else { continue }
                        outcome.values.append(BookPrice(
                            source: .sbd, book: Book(name), market: market, away: away, home: home, gameTime: gameTime,
                            sourceGameId: game["_id"]?.string, capturedAt: capturedAt,
                            lineAwayOrOver: values.lineAway, lineHomeOrUnder: values.lineHome,
                            priceAwayOrUnder: values.priceAway, priceHomeOrOver: values.priceHome))
                    } catch {
                        outcome.errors.append(error.parseError(source: .sbd, book: Book(name), game: label))
                        outcome.failedRows += 1
                    }
                }
            }
        }
        return outcome
    }

    /// `"+130"`, `"-1.5"`, `"8.5"` as a number; empty, missing or null as nil.
    private static func number(_ node: JSONValue, _ key: String, _ path: String) throws(FieldError) -> Double? {
        guard let value = node[key], !value.isNull else { return nil }
        if let number = value.number { return number }
        guard let text = value.string?.trimmingCharacters(in: .whitespaces) else {
            throw FieldError(field: "\(path).\(key)", kind: .invalidValue, message: "expected a string, got \(value.brief)")
        }
        if text.isEmpty { return nil }
        let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
        guard let number = Double(digits), number.isFinite else {
            throw FieldError(field: "\(path).\(key)", kind: .invalidValue, message: "'\(text)' is not a price or line")
        }
        return number
    }
}
