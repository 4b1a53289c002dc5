import Foundation

/// Parses Pinnacle's guest-API payloads (JSON) into full-game ``Odds``.
///
/// Two payloads make one snapshot: `/leagues/246/matchups` (an array of matchups with `id`,
/// `startTime` and `participants` whose `alignment` is `home`/`away`) and
/// `/leagues/246/markets/straight` (an array of markets with `matchupId`, `type`, `key`,
/// `period`, `status`, `cutoffAt`, `prices` and `limits`).
///
/// Skipped silently: matchups with `type: "special"` or a `parent`/`parentId` (props), markets of
/// such matchups, markets whose `period` is not 0, alternate lines (`isAlternate: true`) and
/// market types other than moneyline/spread/total. Strictness: a payload that is not a JSON array
/// rejects the snapshot; an unknown team or a missing key in a matchup drops every market of
/// that matchup, a missing key or an unreadable price in a market drops that market only; each
/// is reported and counted in ``ParseOutcome/failedRows``.
///
/// ```swift
/// let outcome = PinnacleParser.parse(matchups: m, markets: s, capturedAt: Date())
/// for odds in outcome.values where odds.market == .moneyline {
///     print(odds.matchup, odds.priceAwayOrUnder, odds.priceHomeOrOver, odds.impliedHomeOrOver)
/// }
/// ```
public enum PinnacleParser {
    /// Parses one snapshot made of a matchups payload and a straight-markets payload.
    public static func parse(matchups: Data, markets: Data, capturedAt: Date) -> ParseOutcome<Odds> {
        func reject(_ field: String, _ message: String) -> ParseOutcome<Odds> {
            .rejected(ParseError(source: .pinnacle, field: field, kind: .payload, message: message))
        }
        guard let matchupList = JSONValue.decode(matchups)?.array else {
            return reject("matchups", "not a JSON array")
        }
        guard let marketList = JSONValue.decode(markets)?.array else {
            return reject("markets", "not a JSON array")
        }

        var outcome = ParseOutcome<Odds>()
        var games: [Int: Matchup] = [:]
        var order: [Int] = []
        for (index, value) in matchupList.enumerated() {
            if value["type"]?.string == "special" { continue }
            if let parent = value["parent"], !parent.isNull { continue }
            if let parent = value["parentId"], !parent.isNull { continue }
            do throws(FieldError) {
                let matchup = try Matchup(JSONFieldReader(value))
                games[matchup.id] = matchup
                order.append(matchup.id)
            } catch {
                outcome.errors.append(error.parseError(source: .pinnacle, book: nil,
                                                       game: matchupLabel(value, index: index)))
                outcome.failedRows += 1
            }
        }

        var oddsByMatchup: [Int: [Odds]] = [:]
        var failed: [Int: [FieldError]] = [:]
        for value in marketList {
            let reader = JSONFieldReader(value)
            guard let matchupId = value["matchupId"]?.int, let matchup = games[matchupId] else { continue }
            guard value["isAlternate"] != .bool(true),
                  let type = value["type"]?.string, let market = Market(rawValue: type) else { continue }
            do throws(FieldError) {
                guard try reader.required("period").int() == 0 else { continue }
                oddsByMatchup[matchupId, default: []].append(
                    try odds(reader, market: market, matchup: matchup, capturedAt: capturedAt))
            } catch {
                failed[matchupId, default: []].append(error)
            }
        }

        for id in order {
            guard let matchup = games[id] else { continue }
            // Each market stands alone: a faulty one is reported, the matchup's others are kept.
            outcome.values += oddsByMatchup[id] ?? []
            if let errors = failed[id] {
                outcome.errors += errors.map { $0.parseError(source: .pinnacle, book: nil, game: matchup.label) }
                outcome.failedRows += errors.count
            }
        }
        return outcome
    }

    /// The fields of a matchup that odds need.
    private struct Matchup {
        var id: Int
        var startTime: Date
        var away: Team
        var home: Team
        var label: String { "\(away.rawValue)@\(home.rawValue)" }

        init(_ reader: JSONFieldReader) throws(FieldError) {
            id = try reader.required("id").int()
            startTime = try reader.required("startTime").date()
            var teams: [String: Team] = [:]
            for (index, participant) in try reader.required("participants").array().enumerated() {
                let entry = JSONFieldReader(participant, path: "participants[\(index)]")
                let alignment = try entry.required("alignment").string()
                guard alignment == "home" || alignment == "away" else { continue }
                let name = try entry.required("name")
                let text = try name.string()
                do {
                    teams[alignment] = try TeamAliases.team(named: text)
                } catch {
                    throw FieldError(field: name.path, kind: .unknownTeam, message: "unknown team '\(text)'")
                }
            }
            guard let away = teams["away"], let home = teams["home"] else {
                throw FieldError(field: "participants", kind: .missingField,
                                 message: "needs one home and one away participant")
            }
            self.away = away
            self.home = home
        }
    }

    private static func odds(
        _ reader: JSONFieldReader, market: Market, matchup: Matchup, capturedAt: Date
    ) throws(FieldError) -> Odds {
        let key = try reader.required("key").string()
        let designations = market.isTotal ? ("over", "under") : ("home", "away")
        var prices: [String: (price: Double, points: Double?)] = [:]
        for (index, item) in try reader.required("prices").array().enumerated() {
            let entry = JSONFieldReader(item, path: "\(key) prices[\(index)]")
            let designation = try entry.required("designation").string()
            let price = try entry.required("price").number()
            guard ImpliedProbability.raw(price) != nil else {
                throw FieldError(field: entry.fieldPath("price"), kind: .invalidValue,
                                 message: "\(Percentages.format(price)) is not an American price")
            }
            prices[designation] = (price, try entry.optional("points")?.number())
        }
        guard let first = prices[designations.0], let second = prices[designations.1] else {
            throw FieldError(field: "\(key) prices", kind: .missingField,
                             message: "needs '\(designations.0)' and '\(designations.1)' prices")
        }
        var maxRiskStake: Double?
        for item in try reader.optional("limits")?.array() ?? [] where item["type"]?.string == "maxRiskStake" {
            maxRiskStake = try JSONFieldReader(item, path: "\(key) limits").required("amount").number()
        }
        return Odds(
            matchupId: matchup.id, away: matchup.away, home: matchup.home, startTime: matchup.startTime,
            market: market, period: 0, key: key, status: try reader.required("status").string(),
            cutoffAt: try reader.optional("cutoffAt")?.date(), capturedAt: capturedAt,
            priceHomeOrOver: first.price, priceAwayOrUnder: second.price,
            points: market == .moneyline ? nil : first.points, maxRiskStake: maxRiskStake)
    }

    /// `AWAY@HOME` from participant names when they resolve, else `matchup <id>`.
    private static func matchupLabel(_ value: JSONValue, index: Int) -> String {
        let participants = value["participants"]?.array ?? []
        func name(_ alignment: String) -> String? {
            participants.first { $0["alignment"]?.string == alignment }?["name"]?.string
        }
        if let away = name("away"), let home = name("home") {
            let code = { (text: String) in (try? TeamAliases.team(named: text).rawValue) ?? text }
            return "\(code(away))@\(code(home))"
        }
        if let id = value["id"]?.int { return "matchup \(id)" }
        return "#\(index + 1)"
    }
}
