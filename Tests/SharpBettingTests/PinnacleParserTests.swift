import Foundation
import Testing
@testable import SharpBetting

@Suite struct PinnacleParserTests {
    let now = Date(timeIntervalSince1970: 1_750_200_000)

    @Test func recordedCaptureGivesFullGameOddsOnly() throws {
        let outcome = try Fixtures.pinnacle(at: Fixtures.late)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.values.count == 39)  // 13 matchups × 3 markets; specials, period 1, alternates skipped
        #expect(outcome.values.allSatisfy { $0.period == 0 })
        #expect(!outcome.values.contains { $0.matchupId == 1_610_900_003 || $0.matchupId == 1_610_800_003 })
        #expect(!outcome.values.contains { $0.key == "s;0;s;2.5" })

        let ml = try #require(outcome.values.first { $0.matchup == "PHI@NYM" && $0.market == .moneyline })
        #expect(ml.matchupId == 1_610_000_003 && ml.key == "s;0;m" && ml.status == "open")
        #expect(ml.priceHomeOrOver == 126 && ml.priceAwayOrUnder == -138 && ml.points == nil)
        #expect(ml.maxRiskStake == 3000)
        #expect(ml.startTime == Fixtures.date("2025-06-17T23:10:00Z"))
        #expect(ml.cutoffAt == Fixtures.date("2025-06-17T23:10:00Z"))
        #expect(abs(ml.impliedHomeOrOver - 0.432822) < 1e-6 && abs(ml.impliedAwayOrUnder - 0.567178) < 1e-6)

        let total = try #require(outcome.values.first { $0.matchup == "PHI@NYM" && $0.market == .total })
        #expect(total.points == 8.5 && total.priceHomeOrOver == -108 && total.priceAwayOrUnder == -102)
        let spread = try #require(outcome.values.first { $0.matchup == "PHI@NYM" && $0.market == .spread })
        #expect(spread.points == 1.5 && spread.priceHomeOrOver == -170 && spread.priceAwayOrUnder == 150 && spread.maxRiskStake == 1500)

        let early = try Fixtures.pinnacle(at: Fixtures.early)
        let earlyMl = try #require(early.values.first { $0.matchup == "PHI@NYM" && $0.market == .moneyline })
        #expect(earlyMl.priceHomeOrOver == 146 && earlyMl.priceAwayOrUnder == -160)
        #expect(Set(early.values.filter { $0.matchup == "CWS@DET" }.map(\.matchupId)).count == 2)
    }

    static let matchups = """
    [{"id": 1, "type": "matchup", "parent": null, "startTime": "2025-06-17T23:10:00Z",
      "participants": [{"alignment": "home", "name": "New York Mets"}, {"alignment": "away", "name": "Philadelphia Phillies"}]},
     {"id": 2, "type": "matchup", "parent": null, "startTime": "2025-06-18T00:05:00Z",
      "participants": [{"alignment": "home", "name": "Chicago Cubs"}, {"alignment": "away", "name": "Montreal Expos"}]},
     {"id": 3, "type": "matchup", "parent": null, "startTime": "2025-06-18T01:40:00Z",
      "participants": [{"alignment": "home", "name": "Arizona Diamondbacks"}, {"alignment": "away", "name": "San Diego Padres"}]},
     {"id": 4, "type": "special", "startTime": "2025-06-17T23:10:00Z",
      "participants": [{"alignment": "neutral", "name": "Yes"}, {"alignment": "neutral", "name": "No"}]}]
    """

    @Test func badMatchupDropsThatMatchupAndABadMarketOnlyItself() throws {
        let markets = """
        [{"matchupId": 1, "type": "moneyline", "key": "s;0;m", "period": 0, "status": "open",
          "prices": [{"designation": "home", "price": 126}, {"designation": "away", "price": -138}]},
         {"matchupId": 2, "type": "moneyline", "key": "s;0;m", "period": 0, "status": "open",
          "prices": [{"designation": "home", "price": -130}, {"designation": "away", "price": 118}]},
         {"matchupId": 3, "type": "moneyline", "key": "s;0;m", "period": 0, "status": "open",
          "prices": [{"designation": "home", "price": 108}, {"designation": "away", "price": -118}]},
         {"matchupId": 3, "type": "total", "key": "s;0;ou;8.5", "period": 0, "status": "open",
          "prices": [{"designation": "over", "points": 8.5, "price": -108}]},
         {"matchupId": 4, "type": "moneyline", "key": "s;0;m", "period": 0, "status": "open",
          "prices": [{"designation": "home", "price": 5}]}]
        """
        let outcome = PinnacleParser.parse(matchups: Data(Self.matchups.utf8), markets: Data(markets.utf8), capturedAt: now)
        // SD@ARI keeps its moneyline; its total (no 'under' price) is dropped alone.
        #expect(outcome.values.map { "\($0.matchup) \($0.market)" } == ["PHI@NYM moneyline", "SD@ARI moneyline"])
        #expect(outcome.failedRows == 2)
        #expect(outcome.values.first?.maxRiskStake == nil && outcome.values.first?.cutoffAt == nil)
        #expect(outcome.errors.map(\.kind) == [.unknownTeam, .missingField])
        #expect(outcome.errors.map(\.game) == ["Montreal Expos@CHC", "SD@ARI"])
        #expect(outcome.errors[1].description == "pinnacle game SD@ARI field 's;0;ou;8.5 prices': needs 'over' and 'under' prices")
    }

    @Test func payloadsThatAreNotArraysAreRejected() {
        let good = Data(Self.matchups.utf8)
        let outcome = PinnacleParser.parse(matchups: good, markets: Data("{\"error\": 1}".utf8), capturedAt: now)
        #expect(outcome.values.isEmpty && outcome.errors.count == 1)
        #expect(outcome.payloadError?.field == "markets")
    }
}
