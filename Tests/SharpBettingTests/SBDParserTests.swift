import Foundation
import Testing
@testable import SharpBetting

/// Small SBD payloads for the strictness rules.
enum SBDFeed {
    static func side(_ bets: Int, _ betsPct: Any, _ stakePct: Any) -> String {
        "{\"bets\": \(bets), \"betsPercentage\": \(betsPct), \"stakePercentage\": \(stakePct)}"
    }

    static func game(
        id: String = "20250617.03-MLB-PHI@NYM", away: String = "PHI", home: String = "NYM",
        moneyline: String? = nil, spread: String? = nil, total: String? = nil, dropKey: String? = nil,
        sportsbooks: String = #"[{"_id": "betmgm", "name": "betmgm", "geos": ["NJ"], "odds": {"moneyline": {"home": {"american": ""}, "away": {"american": ""}}}}]"#
    ) -> String {
        let ml = moneyline ?? "{\"updated\": \"2025-06-17T22:54:07.000Z\", \"bets\": 1441, \"away\": \(side(1032, 71.62, 41.27)), \"home\": \(side(409, 28.38, 58.73))}"
        let sp = spread ?? "{\"bets\": 1131, \"away\": \(side(718, 63.48, 39.57)), \"home\": \(side(413, 36.52, 60.43))}"
        let tot = total ?? "{\"bets\": 1321, \"over\": \(side(732, 55.41, 50.73)), \"under\": \(side(589, 44.59, 49.27))}"
        var fields = [
            "\"_id\": \"\(id)\"", "\"date\": \"2025-06-17T23:10:00.000Z\"",
            "\"away\": {\"code\": \"\(away)\", \"team\": \"x\"}", "\"home\": {\"code\": \"\(home)\", \"team\": \"y\"}",
            "\"bettingSplits\": {\"moneyline\": \(ml), \"spread\": \(sp), \"total\": \(tot)}",
            "\"sportsbooks\": \(sportsbooks)",
        ]
        if let dropKey { fields.removeAll { $0.hasPrefix("\"\(dropKey)\"") } }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static let pirates = game(id: "20250617.09-MLB-PIT@CHC", away: "PIT", home: "CHC")

    static func payload(_ games: [String]) -> Data {
        Data("{\"group\": \"2025-06-17\", \"games\": [\(games.joined(separator: ", "))]}".utf8)
    }
}

@Suite struct SBDParserTests {
    let now = Date(timeIntervalSince1970: 1_750_200_000)

    @Test func recordedLateCaptureHasExactValues() throws {
        let outcome = try Fixtures.sbd(at: Fixtures.late)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.slateDate == SlateDate("2025-06-17"))
        #expect(outcome.values.count == 38)  // 13 games × 3, less LAD@SF's all-zero total

        let ml = try outcome.values.one(.phi, .nym, .moneyline)
        #expect(ml.source == .sbd && ml.book == nil)
        #expect(ml.sourceGameId?.hasSuffix("-MLB-PHI@NYM") == true)
        #expect(ml.gameTime == Fixtures.date("2025-06-17T23:10:00Z"))
        #expect(ml.awayOrUnderBets == 1032 && ml.homeOrOverBets == 409)
        #expect(ml.awayOrUnderBetsPct == 71.62 && ml.homeOrOverBetsPct == 28.38)
        #expect(ml.awayOrUnderMoneyPct == 41.27 && ml.homeOrOverMoneyPct == 58.73)
        #expect(ml.differential == 30.35 && ml.sharpAction() == .home)
        #expect(ml.lineAwayOrOver == nil && ml.lineHomeOrUnder == nil)
        #expect(ml.sourceUpdatedAt != nil && ml.sourceUpdatedAt! < ml.capturedAt)

        let spread = try outcome.values.one(.mil, .col, .spread)
        #expect(spread.awayOrUnderBets == 413 && spread.homeOrOverBets == 964)
        #expect(spread.differential == -31.78 && spread.sharpAction() == .away)

        let total = try outcome.values.one(.nyy, .laa, .total)
        #expect(total.homeOrOverBetsPct == 76.41 && total.awayOrUnderBetsPct == 23.59)
        #expect(total.homeOrOverMoneyPct == 48.73 && total.sharpAction() == .under)

        // Source code variants resolve: ATH, AZ, SDP, SFG, KCR, TBR, CHW, WSN.
        let pairs = Set(outcome.values.map(\.matchup))
        for pair in ["OAK@HOU", "SD@ARI", "LAD@SF", "KC@TB", "CWS@DET", "ATL@WSH"] {
            #expect(pairs.contains(pair))
        }
    }

    @Test func earlyCaptureHasBothDoubleheaderGamesAndNothingFromTheZeroPostponedGame() throws {
        let outcome = try Fixtures.sbd(at: Fixtures.early)
        #expect(outcome.errors.isEmpty)
        let times = Set(outcome.values.filter { $0.matchup == "CWS@DET" }.compactMap(\.gameTime))
        #expect(times == [Fixtures.date("2025-06-17T17:10:00Z"), Fixtures.date("2025-06-17T23:10:00Z")])
        #expect(!outcome.values.contains { $0.away == .tor })
        #expect(outcome.values.count == 14 * 3 - 1)
    }

    @Test func homeAndAwayKeepTheirOwnNumbers() throws {
        let outcome = SBDParser.parse(SBDFeed.payload([SBDFeed.game()]), capturedAt: now)
        let spread = try outcome.values.one(.phi, .nym, .spread)
        #expect([spread.awayOrUnderBetsPct, spread.awayOrUnderMoneyPct, spread.homeOrOverBetsPct,
                 spread.homeOrOverMoneyPct] == [63.48, 39.57, 36.52, 60.43])
        #expect(spread.awayOrUnderBets == 718 && spread.homeOrOverBets == 413)
        let total = try outcome.values.one(.phi, .nym, .total)
        #expect(total.homeOrOverBetsPct == 55.41 && total.awayOrUnderBetsPct == 44.59)
        #expect(total.homeOrOverBets == 732 && total.awayOrUnderBets == 589)
        #expect(spread.sourceUpdatedAt == nil)
        #expect(try outcome.values.one(.phi, .nym, .moneyline).sourceUpdatedAt
                == Fixtures.date("2025-06-17T22:54:07Z"))
    }

    @Test func payloadWithoutGamesIsRejectedWhole() {
        for body in ["{\"group\": \"2025-06-17\"}", "[]", "not json", "{\"games\": {}}"] {
            let outcome = SBDParser.parse(Data(body.utf8), capturedAt: now)
            #expect(outcome.values.isEmpty)
            #expect(outcome.errors.count == 1 && outcome.payloadError != nil, "\(body)")
        }
    }

    @Test func missingKeyDropsThatMarketOrAHeaderKeyTheGame() throws {
        let noStake = SBDFeed.game(moneyline: "{\"away\": {\"betsPercentage\": 71.62}, \"home\": \(SBDFeed.side(409, 28.38, 58.73))}")
        let noDate = SBDFeed.game(away: "SD", home: "ARI", dropKey: "date")
        let outcome = SBDParser.parse(SBDFeed.payload([noStake, SBDFeed.pirates, noDate]), capturedAt: now)
        #expect(outcome.errors.map(\.kind) == [.missingField, .missingField])
        #expect(outcome.errors[0].description
                == "sbd game PHI@NYM field 'bettingSplits.moneyline.away.stakePercentage': missing")
        #expect(outcome.errors[1].game == "SD@ARI" && outcome.errors[1].field == "date")
        #expect(outcome.values.filter { $0.matchup == "PIT@CHC" }.count == 3)
        #expect(outcome.values.filter { $0.matchup == "PHI@NYM" }.map(\.market) == [.spread, .total])
        #expect(!outcome.values.contains { $0.matchup == "SD@ARI" })
        #expect(outcome.failedRows == 1 + 3)
    }

    @Test func percentageOf130DropsThatMarketOnly() throws {
        let bad = SBDFeed.game(spread: "{\"away\": \(SBDFeed.side(1, 130, 50)), \"home\": \(SBDFeed.side(1, -30, 50))}")
        let outcome = SBDParser.parse(SBDFeed.payload([SBDFeed.pirates, bad]), capturedAt: now)
        let error = try #require(outcome.errors.first)
        #expect(outcome.errors.count == 1)
        #expect(error.kind == .percentageOutOfRange && error.field == "bettingSplits.spread.away.betsPercentage")
        #expect(outcome.values.filter { $0.away == .phi }.map(\.market) == [.moneyline, .total])
        #expect(outcome.values.count == 5 && outcome.failedRows == 1)
    }

    @Test func percentageAsTextIsNotAPercentage() throws {
        let bad = SBDFeed.game(spread: "{\"away\": \(SBDFeed.side(1, "\"63%\"", 40)), \"home\": \(SBDFeed.side(1, 37, 60))}")
        let outcome = SBDParser.parse(SBDFeed.payload([bad]), capturedAt: now)
        #expect(outcome.values.map(\.market) == [.moneyline, .total])
        #expect(outcome.errors.first?.kind == .notAPercentage)
        #expect(outcome.errors.first?.message == "'63%' is not a percentage")
    }

    @Test func sidesMustAddUpTo100WithinOneAndAHalf() throws {
        let within = SBDFeed.game(spread: "{\"away\": \(SBDFeed.side(1, 63.0, 40)), \"home\": \(SBDFeed.side(1, 35.6, 60))}")
        let beyond = SBDFeed.game(id: "20250617.09-MLB-PIT@CHC", away: "PIT", home: "CHC",
                                  total: "{\"over\": \(SBDFeed.side(1, 55, 50)), \"under\": \(SBDFeed.side(1, 45, 48.4))}")
        let outcome = SBDParser.parse(SBDFeed.payload([within, beyond]), capturedAt: now)
        #expect(outcome.errors.map(\.kind) == [.sidesDoNotSum])
        #expect(outcome.errors.first?.game == "PIT@CHC")
        #expect(outcome.errors.first?.field == "bettingSplits.total stakePercentage")
        #expect(outcome.values.filter { $0.matchup == "PHI@NYM" }.count == 3)
        #expect(outcome.values.filter { $0.matchup == "PIT@CHC" }.map(\.market) == [.moneyline, .spread])
    }

    @Test func unknownTeamCodeDropsTheGame() throws {
        let bad = SBDFeed.game(id: "20250617.99-MLB-MON@NYM", away: "MON")
        let outcome = SBDParser.parse(SBDFeed.payload([bad, SBDFeed.pirates]), capturedAt: now)
        let error = try #require(outcome.errors.first)
        #expect(error.kind == .unknownTeam && error.game == "MON@NYM" && error.field == "away.code")
        #expect(outcome.values.count == 3 && outcome.values.allSatisfy { $0.away == .pit })
    }

    @Test func zeroMarketIsSkippedWithoutError() {
        let zero = "{\"bets\": 0, \"over\": \(SBDFeed.side(0, 0, 0)), \"under\": \(SBDFeed.side(0, 0, 0))}"
        let outcome = SBDParser.parse(SBDFeed.payload([SBDFeed.game(total: zero)]), capturedAt: now)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.values.map(\.market) == [.moneyline, .spread])
    }
}
