import Foundation

/// SBD's betting-splits feed for a simulated slate: `{"group", "games": [...]}` with SBD's own
/// team codes (CHW, WSN, KCR, TBR, SDP, SFG, AZ, ATH), ticket counts and a `sportsbooks` array in
/// the live layout (``SimulatedSportsbooks``).
enum SimulatedSBDFeed {
    /// SBD's spelling of the codes that differ from ours.
    static let codes: [Team: String] = [
        .cws: "CHW", .wsh: "WSN", .kc: "KCR", .tb: "TBR", .sd: "SDP", .sf: "SFG", .ari: "AZ", .oak: "ATH",
    ]

    static func payload(_ slate: SimulatedSlate, at index: Int) -> Data {
        let now = slate.captureTimes[index]
        let games = slate.listed(at: index).enumerated().map { position, game in
            let updated = SimulatedClock.iso(now.addingTimeInterval(-60 - Double(position * 7 % 60)), milliseconds: true)
            func market(_ market: Market) -> SideMarket {
                let circa = slate.percentages(game, market, at: index, book: .circa)
                let total = 400 + 37 * index + 13 * position + (market == .moneyline ? 300 : 0)
                let homeBets = Int((Double(total) * (Double(circa.bets) + 0.6) / 100).rounded())
                let homeStake = SimulatedJSON.hundredths(Double(circa.money) - 0.37)
                let home = Side(bets: homeBets, betsPercentage: SimulatedJSON.hundredths(Double(homeBets) * 100 / Double(total)),
                                stakePercentage: homeStake)
                let away = Side(bets: total - homeBets,
                                betsPercentage: SimulatedJSON.hundredths(Double(total - homeBets) * 100 / Double(total)),
                                stakePercentage: SimulatedJSON.hundredths(100 - homeStake))
                return SideMarket(updated: updated, bets: total, homeOrOver: home, awayOrUnder: away, isTotal: market.isTotal)
            }
            func team(_ team: Team) -> TeamRef {
                TeamRef(code: codes[team] ?? team.rawValue, team: team.nickname,
                        city: String(team.fullName.dropLast(team.nickname.count)).trimmingCharacters(in: .whitespaces))
            }
            let compactDate = slate.date.description.replacingOccurrences(of: "-", with: "")
            return Game(
                id: "\(compactDate).\(String(format: "%02d", position + 1))-MLB-\(team(game.away).code)@\(team(game.home).code)",
                date: SimulatedClock.iso(game.startTime, milliseconds: true), status: "scheduled",
                away: team(game.away), home: team(game.home),
                bettingSplits: Splits(spread: market(.spread), moneyline: market(.moneyline), total: market(.total)),
                sportsbooks: SimulatedSportsbooks.entries(slate, game, at: index))
        }
        return SimulatedJSON.encode(Feed(group: slate.date.description, games: games))
    }

    private struct Feed: Encodable { var group: String; var games: [Game] }
    private struct Game: Encodable {
        var id: String
        var date: String
        var status: String
        var away: TeamRef
        var home: TeamRef
        var bettingSplits: Splits
        var sportsbooks: [SimulatedSportsbooks.Entry]
        enum CodingKeys: String, CodingKey { case id = "_id", date, status, away, home, bettingSplits, sportsbooks }
    }
    private struct TeamRef: Encodable { var code: String; var team: String; var city: String }
    private struct Splits: Encodable { var spread: SideMarket; var moneyline: SideMarket; var total: SideMarket }
    private struct Side: Encodable { var bets: Int; var betsPercentage: Double; var stakePercentage: Double }
    private struct SideMarket: Encodable {
        var updated: String
        var bets: Int
        var homeOrOver: Side
        var awayOrUnder: Side
        var isTotal: Bool

        enum Keys: String, CodingKey { case updated, bets, home, away, over, under }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(updated, forKey: .updated)
            try container.encode(bets, forKey: .bets)
            try container.encode(homeOrOver, forKey: isTotal ? .over : .home)
            try container.encode(awayOrUnder, forKey: isTotal ? .under : .away)
        }
    }
}
