import Foundation

/// Parses SportsBettingDime's betting-splits feed (JSON) into ``Split`` values.
///
/// The payload is `{"group": "YYYY-MM-DD", "games": [...]}`; each game has `_id`, `date` (UTC),
/// `away.code`, `home.code` and `bettingSplits` with `moneyline`, `spread` (sides `home`/`away`)
/// and `total` (sides `over`/`under`), each side with `betsPercentage`, `stakePercentage` and
/// optionally `bets` (tickets). The feed is an aggregate, so splits have no book and no line.
/// `sportsbooks` is ignored.
///
/// Strictness: a payload that is not a JSON object with a `games` array is rejected whole. In a
/// market, a missing key, a percentage outside 0…100 or two sides not adding up to 100 ± 1.5
/// drops that market only; a faulty game header (`_id`, `date`, an unknown team code) drops every
/// market of the game. Each is reported and counted in ``ParseOutcome/failedRows``. A market that is absent
/// or whose percentages are all 0 carries no data and is skipped silently.
///
/// ```swift
/// let outcome = SBDParser.parse(data, capturedAt: Date())
/// for split in outcome.values where split.sharpAction() != nil {
///     print(split.matchup, split.market, split.differential)
/// }
/// ```
public enum SBDParser {
    /// How far the two sides' percentages may add up away from 100 (SBD publishes decimals).
    public static let sumTolerance = 1.5

    /// Parses one SBD payload.
    ///
    /// - Parameters:
    ///   - data: the response body.
    ///   - capturedAt: when it was fetched.
    ///   - book: nil for the aggregate feed (the normal case).
    public static func parse(_ data: Data, capturedAt: Date, book: Book? = nil) -> ParseOutcome<Split> {
        func reject(_ field: String?, _ message: String) -> ParseOutcome<Split> {
            .rejected(ParseError(source: .sbd, book: book, field: field, kind: .payload, message: message))
        }
        guard let root = JSONValue.decode(data) else { return reject(nil, "not JSON") }
        guard root.object != nil else { return reject(nil, "expected a JSON object, got \(root.brief)") }
        guard let games = root["games"]?.array else { return reject("games", "missing or not an array") }

        var outcome = ParseOutcome<Split>(slateDate: root["group"]?.string.flatMap(SlateDate.init))
        for (index, game) in games.enumerated() {
            let label = gameLabel(game, index: index)
            let parsed = parseGame(JSONFieldReader(game), capturedAt: capturedAt, book: book)
            outcome.values += parsed.splits
            outcome.failedRows += parsed.failedMarkets
            outcome.errors += parsed.errors.map { $0.parseError(source: .sbd, book: book, game: label) }
        }
        return outcome
    }

    private static let sides: [Market: (awayOrUnder: String, homeOrOver: String)] = [
        .moneyline: ("away", "home"), .spread: ("away", "home"), .total: ("under", "over"),
    ]

    /// The splits of one game's markets that parsed, and the faults of those that did not.
    private static func parseGame(
        _ game: JSONFieldReader, capturedAt: Date, book: Book?
    ) -> (splits: [Split], failedMarkets: Int, errors: [FieldError]) {
        var errors: [FieldError] = []
        var header: (id: String, date: Date, away: Team, home: Team, markets: JSONFieldReader)?
        do throws(FieldError) {
            let id = try game.required("_id").string()
            let date = try game.required("date").date()
            let away = try team(game.required("away").required("code"))
            let home = try team(game.required("home").required("code"))
            header = (id, date, away, home, try game.required("bettingSplits"))
        } catch {
            errors.append(error)
        }
        guard let header else { return ([], Market.allCases.count, errors) }

        var splits: [Split] = []
        for market in Market.allCases {
            guard let node = header.markets.optional(market.rawValue) else { continue }
            do throws(FieldError) {
                let names = sides[market]!
                let under = try node.required(names.awayOrUnder)
                let over = try node.required(names.homeOrOver)
                let underBets = try under.required("betsPercentage").percentage()
                let underMoney = try under.required("stakePercentage").percentage()
                let overBets = try over.required("betsPercentage").percentage()
                let overMoney = try over.required("stakePercentage").percentage()
                if [underBets, underMoney, overBets, overMoney].allSatisfy({ $0 == 0 }) { continue }
                try Percentages.checkSum(underBets, overBets, tolerance: sumTolerance,
                                         field: "bettingSplits.\(market.rawValue) betsPercentage")
                try Percentages.checkSum(underMoney, overMoney, tolerance: sumTolerance,
                                         field: "bettingSplits.\(market.rawValue) stakePercentage")
                splits.append(Split(
                    source: .sbd, book: book, market: market, away: header.away, home: header.home,
                    gameTime: header.date, sourceGameId: header.id, capturedAt: capturedAt,
                    sourceUpdatedAt: try node.optional("updated")?.date(),
                    awayOrUnderBetsPct: underBets, awayOrUnderMoneyPct: underMoney,
                    homeOrOverBetsPct: overBets, homeOrOverMoneyPct: overMoney,
                    awayOrUnderBets: try under.optional("bets")?.int(),
                    homeOrOverBets: try over.optional("bets")?.int()))
            } catch {
                errors.append(error)
            }
        }
        return (splits, errors.count, errors)
    }

    private static func team(_ code: JSONFieldReader) throws(FieldError) -> Team {
        let name = try code.string()
        do {
            return try TeamAliases.team(named: name)
        } catch {
            throw FieldError(field: code.path, kind: .unknownTeam, message: "unknown team '\(name)'")
        }
    }

    /// `AWAY@HOME` as the feed writes the codes, else the `_id`, else the position.
    private static func gameLabel(_ game: JSONValue, index: Int) -> String {
        if let away = game["away"]?["code"]?.string, let home = game["home"]?["code"]?.string {
            return "\(away)@\(home)"
        }
        return game["_id"]?.string ?? "#\(index + 1)"
    }
}
