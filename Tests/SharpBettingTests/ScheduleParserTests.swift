import Foundation
import Testing
@testable import SharpBetting

@Suite struct ScheduleParserTests {
    @Test func recordedScheduleHasFifteenGamesWithDoubleheaderAndPostponement() throws {
        let outcome = try Fixtures.schedule(at: Fixtures.middle)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.values.count == 15)
        #expect(outcome.slateDate == SlateDate("2025-06-17"))

        let doubleheader = outcome.values.filter { $0.away == .cws && $0.home == .det }
        #expect(doubleheader.map(\.gamePk) == [777001, 777002])
        #expect(doubleheader.map(\.gameNumber) == [1, 2])
        #expect(doubleheader.map(\.gameTime) == [Fixtures.date("2025-06-17T17:10:00Z"), Fixtures.date("2025-06-17T23:10:00Z")])
        #expect(doubleheader.map(\.isPlayable) == [false, true])  // game 1 is Final by 22:30

        let postponed = try #require(outcome.values.first { $0.gamePk == 777006 })
        #expect(postponed.status == "Postponed" && postponed.away == .tor && postponed.home == .bal)
        #expect(!postponed.isPlayable)
        let athletics = try #require(outcome.values.first { $0.gamePk == 777011 })
        #expect(athletics.away == .oak && athletics.home == .hou && athletics.slateDate == SlateDate("2025-06-17"))
        #expect(athletics.gameTime == Fixtures.date("2025-06-18T00:10:00Z"))
        #expect(outcome.values.filter(\.isPlayable).count == 13)
    }

    @Test(arguments: [("Postponed", false), ("Final", false), ("Cancelled", false), ("Suspended: Rain", false),
                      ("Completed Early", false), ("Game Over", false), ("Scheduled", true), ("Pre-Game", true),
                      ("Warmup", true), ("In Progress", true), ("Delayed Start: Rain", true)])
    func playability(status: String, playable: Bool) {
        let game = ScheduledGame(gamePk: 1, gameTime: Date(timeIntervalSince1970: 0), status: status, away: .phi, home: .nym)
        #expect(game.isPlayable == playable)
    }

    @Test func faultyGameIsReportedAndOthersParse() throws {
        let json = """
        {"dates": [{"date": "2025-06-17", "games": [
          {"gamePk": 1, "gameDate": "2025-06-17T23:10:00Z", "status": {"detailedState": "Scheduled"},
           "teams": {"away": {"team": {"name": "Philadelphia Phillies"}}, "home": {"team": {"name": "New York Mets"}}}},
          {"gamePk": 2, "gameDate": "2025-06-17T23:10:00Z", "status": {"detailedState": "Scheduled"},
           "teams": {"away": {"team": {"name": "Montreal Expos"}}, "home": {"team": {"name": "New York Mets"}}}},
          {"gamePk": 3, "gameDate": "2025-06-17T23:10:00Z",
           "teams": {"away": {"team": {"name": "Athletics"}}, "home": {"team": {"name": "Houston Astros"}}}}]}]}
        """
        let outcome = ScheduleParser.parse(Data(json.utf8))
        #expect(outcome.values.map(\.gamePk) == [1])
        #expect(outcome.errors.map(\.kind) == [.unknownTeam, .missingField])
        #expect(outcome.errors.map(\.description) == [
            "schedule game gamePk 2 field 'teams.away.team.name': unknown team 'Montreal Expos'",
            "schedule game gamePk 3 field 'status': missing",
        ])
        #expect(ScheduleParser.parse(Data("{\"totalGames\": 0}".utf8)).payloadError?.field == "dates")
    }
}
