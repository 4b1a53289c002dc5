import Foundation
import Testing
@testable import SharpBetting

@Suite struct GameMatcherTests {
    let day = SlateDate("2025-06-17")

    func matcher() throws -> GameMatcher {
        GameMatcher(schedule: try Fixtures.schedule(at: Fixtures.early).values)
    }

    @Test func doubleheaderResolvesToTwoGamePksByStartTime() throws {
        let matcher = try matcher()
        let splits = try Fixtures.sbd(at: Fixtures.early).values.filter { $0.matchup == "CWS@DET" }
        #expect(splits.count == 6)
        let pks = try splits.map { try matcher.match($0).gamePk }
        #expect(Set(pks) == [777001, 777002])
        for split in splits {
            let expected = split.gameTime == Fixtures.date("2025-06-17T17:10:00Z") ? 777001 : 777002
            #expect(try matcher.match(split).gamePk == expected)
        }
        let odds = try Fixtures.pinnacle(at: Fixtures.early).values.filter { $0.matchup == "CWS@DET" }
        #expect(Set(try odds.map { try matcher.match($0).gamePk }) == [777001, 777002])
    }

    @Test func nearestStartWinsWithinTolerance() throws {
        let matcher = try matcher()
        // Sources' times can be off a little: 22:50 is nearer game 2 (23:10) than game 1 (17:10).
        #expect(try matcher.match(away: .cws, home: .det, gameTime: Fixtures.date("2025-06-17T22:50:00Z")).gamePk == 777002)
        #expect(try matcher.match(away: .cws, home: .det, gameTime: Fixtures.date("2025-06-17T18:00:00Z")).gamePk == 777001)
        #expect(throws: GameMatchError.noGameNearTime(
            away: .phi, home: .nym, gameTime: Fixtures.date("2025-06-18T05:10:00Z"), nearestGamePk: 777003, hoursApart: 6)) {
            try matcher.match(away: .phi, home: .nym, gameTime: Fixtures.date("2025-06-18T05:10:00Z"))
        }
    }

    @Test func vsinRowWithoutTimeMatchesOnlyAUniqueGame() throws {
        let matcher = try matcher()
        let vsin = try Fixtures.vsin(.circa, at: Fixtures.early)
        let phillies = try vsin.values.one(.phi, .nym, .moneyline)
        #expect(try matcher.match(phillies, slateDate: vsin.slateDate).gamePk == 777003)

        let whiteSox = vsin.values.filter { $0.matchup == "CWS@DET" && $0.market == .moneyline }
        #expect(whiteSox.count == 2)
        let error = GameMatchError.ambiguous(away: .cws, home: .det, slateDate: day, gamePks: [777001, 777002])
        #expect(throws: error) { try matcher.match(whiteSox[0], slateDate: vsin.slateDate) }
        #expect(error.description == "CWS@DET on 2025-06-17: 2 games (777001, 777002) and no start time to tell them apart")
    }

    @Test func teamsMustMatchInTheirAlignment() throws {
        let matcher = try matcher()
        #expect(throws: GameMatchError.noGame(away: .nym, home: .phi, slateDate: day)) {
            try matcher.match(away: .nym, home: .phi, gameTime: nil, slateDate: day)
        }
        #expect(throws: GameMatchError.noGame(away: .phi, home: .nym, slateDate: SlateDate("2025-06-18"))) {
            try matcher.match(away: .phi, home: .nym, gameTime: nil, slateDate: SlateDate("2025-06-18"))
        }
    }

    @Test func everyRecordedSBDAndPinnacleRowMatchesAPlayableGame() throws {
        for name in [Fixtures.middle, Fixtures.late] {
            let matcher = GameMatcher(schedule: try Fixtures.schedule(at: name).values)
            let pks = try Fixtures.sbd(at: name).values.map { try matcher.match($0).gamePk }
            #expect(Set(pks).count == 13 && !pks.contains(777001) && !pks.contains(777006))
            let oddsPks = try Fixtures.pinnacle(at: name).values.map { try matcher.match($0).gamePk }
            #expect(Set(oddsPks) == Set(pks))
        }
    }
}
