import Foundation

/// Pinnacle's matchups and straight markets for a simulated slate, with the entries the parser
/// must skip: a player-prop special and a first-five-innings (`period: 1`) moneyline. Prices are
/// the games' fair probabilities (``SimulatedSlate/fair(_:at:)``, closing shifts included after
/// T−5) with a 2.5% vig in proportion, so Pinnacle's no-vig probability is the simulator's own.
enum SimulatedPinnacleFeed {
    /// Pinnacle's vig: both sides of a market sum to 102.5%.
    static let vig = 0.025

    static func matchups(_ slate: SimulatedSlate, at index: Int) -> Data {
        var list: [Matchup] = []
        for game in slate.listed(at: index) {
            let start = SimulatedClock.iso(game.startTime)
            list.append(Matchup(id: game.matchupId, type: "matchup", parentId: nil, startTime: start, participants: [
                Participant(alignment: "away", name: game.away.fullName),
                Participant(alignment: "home", name: game.home.fullName),
            ]))
            if list.count == 1 {
                list.append(Matchup(id: game.matchupId + 900_000, type: "special", parentId: game.matchupId, startTime: start,
                                    participants: [Participant(alignment: "neutral", name: "Over 0.5"),
                                                   Participant(alignment: "neutral", name: "Under 0.5")]))
            }
        }
        return SimulatedJSON.encode(list)
    }

    static func markets(_ slate: SimulatedSlate, at index: Int) -> Data {
        var list: [MarketEntry] = []
        for game in slate.listed(at: index) {
            let progress = slate.progress(of: game, at: index)
            let fair = slate.fair(game, at: index)
            let cutoff = SimulatedClock.iso(game.startTime)
            let homePoints = game.homeSpreadPoints
            let total = game.total(progress: progress)
            func price(_ probability: Double) -> Int { SimulatedSlate.americanPrice(fair: probability, vig: Self.vig) }
            func entry(_ type: String, _ key: String, period: Int = 0, _ prices: [Price], limit: Int) -> MarketEntry {
                MarketEntry(matchupId: game.matchupId, type: type, key: key, period: period, status: "open", cutoffAt: cutoff,
                            isAlternate: false, prices: prices, limits: [Limit(type: "maxRiskStake", amount: limit)])
            }
            list += [
                entry("moneyline", "s;0;m", [
                    Price(designation: "home", price: price(fair.home), points: nil),
                    Price(designation: "away", price: price(1 - fair.home), points: nil),
                ], limit: game.gamePk % 2 == 0 ? 5000 : 3000),
                entry("spread", "s;0;s;\(Self.points(homePoints))", [
                    Price(designation: "home", price: price(fair.homeCover), points: homePoints),
                    Price(designation: "away", price: price(1 - fair.homeCover), points: -homePoints),
                ], limit: 1500),
                entry("total", "s;0;ou;\(Self.points(total))", [
                    Price(designation: "over", price: price(fair.over), points: total),
                    Price(designation: "under", price: price(1 - fair.over), points: total),
                ], limit: 2000),
                entry("moneyline", "s;1;m", period: 1, [
                    Price(designation: "home", price: -125, points: nil), Price(designation: "away", price: 105, points: nil),
                ], limit: 1000),
            ]
        }
        return SimulatedJSON.encode(list)
    }

    /// `1.5`, `-1.5`, `8`, `8.5` as Pinnacle writes points in keys.
    static func points(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private struct Matchup: Encodable {
        var id: Int
        var type: String
        var parentId: Int?
        var startTime: String
        var participants: [Participant]
    }
    private struct Participant: Encodable { var alignment: String; var name: String }
    private struct MarketEntry: Encodable {
        var matchupId: Int
        var type: String
        var key: String
        var period: Int
        var status: String
        var cutoffAt: String
        var isAlternate: Bool
        var prices: [Price]
        var limits: [Limit]
    }
    private struct Price: Encodable { var designation: String; var price: Int; var points: Double? }
    private struct Limit: Encodable { var type: String; var amount: Int }
}
