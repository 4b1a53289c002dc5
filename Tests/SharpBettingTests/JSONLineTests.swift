import Foundation
import Testing
@testable import SharpBetting

@Suite struct JSONLineTests {
    func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static let splitKeys: Set<String> = [
        "source", "book", "market", "away", "home", "game_time", "line_away_or_over", "line_home_or_under",
        "away_or_under_bets_pct", "away_or_under_money_pct", "home_or_over_bets_pct", "home_or_over_money_pct",
        "away_or_under_bets", "home_or_over_bets", "differential", "sharp_action",
    ]

    @Test func sbdSplitLineHasExactlyTheKeysWithNulls() throws {
        let split = try Fixtures.sbd(at: Fixtures.late).values.one(.phi, .nym, .moneyline)
        let line = try SplitJSONLine(split).encoded()
        #expect(!line.contains("\n"))
        let json = try object(line)
        #expect(Set(json.keys) == Self.splitKeys)
        #expect(json["book"] is NSNull && json["line_away_or_over"] is NSNull && json["line_home_or_under"] is NSNull)
        #expect(json["source"] as? String == "sbd" && json["market"] as? String == "moneyline")
        #expect(json["away"] as? String == "PHI" && json["home"] as? String == "NYM")
        #expect(json["game_time"] as? String == "2025-06-17T23:10:00Z")
        #expect(json["away_or_under_bets"] as? Int == 1032 && json["home_or_over_bets"] as? Int == 409)
        #expect(json["differential"] as? Double == 30.35 && json["sharp_action"] as? String == "home")
        // Sorted keys: the text is stable.
        #expect(line.hasPrefix("{\"away\":\"PHI\",\"away_or_under_bets\":1032,"))
        #expect(line.hasSuffix("\"sharp_action\":\"home\",\"source\":\"sbd\"}"))
    }

    @Test func vsinSplitLineCarriesBookAndLinesAndNullTime() throws {
        let split = try Fixtures.vsin(.dk, at: Fixtures.late).values.one(.nyy, .laa, .total)
        let json = try object(try SplitJSONLine(split).encoded())
        #expect(Set(json.keys) == Self.splitKeys)
        #expect(json["book"] as? String == "dk" && json["game_time"] is NSNull)
        #expect(json["line_away_or_over"] as? Double == 9 && json["home_or_over_bets_pct"] as? Double == 76)
        #expect(json["away_or_under_bets"] is NSNull && json["sharp_action"] as? String == "under")
        #expect(json["differential"] as? Double == -26)

        let balanced = try Fixtures.vsin(.dk, at: Fixtures.late).values.one(.kc, .tb, .spread)
        #expect(try object(try SplitJSONLine(balanced).encoded())["sharp_action"] is NSNull)
    }

    @Test func oddsAndScheduleLinesUseSnakeCase() throws {
        let odds = try #require(try Fixtures.pinnacle(at: Fixtures.late).values.first { $0.matchup == "PHI@NYM" })
        let oddsJSON = try object(try OddsJSONLine(odds).encoded())
        #expect(Set(oddsJSON.keys) == [
            "matchup_id", "away", "home", "start_time", "market", "period", "key", "status", "cutoff_at",
            "captured_at", "price_home_or_over", "price_away_or_under", "points", "max_risk_stake",
            "implied_home_or_over", "implied_away_or_under",
        ])
        #expect(oddsJSON["matchup_id"] as? Int == 1_610_000_003 && oddsJSON["points"] is NSNull)
        #expect(oddsJSON["implied_home_or_over"] as? Double == 0.432822)

        let game = try #require(try Fixtures.schedule(at: Fixtures.late).values.first { $0.gamePk == 777006 })
        let line = try ScheduledGameJSONLine(game).encoded()
        #expect(line == "{\"away\":\"TOR\",\"game_number\":1,\"game_pk\":777006,\"game_time\":\"2025-06-17T22:35:00Z\","
            + "\"home\":\"BAL\",\"is_playable\":false,\"slate_date\":\"2025-06-17\",\"status\":\"Postponed\"}")
    }
}
