import DuckCoordinator
import DuckDBKit
import Foundation
@testable import SharpBetting
import Testing

/// Detection over the recorded day 2025-06-17, loaded the way a collector would store it
/// (VSIN Circa and DK, SBD; matched to the schedule), checked against recorded/README.md.
@Suite struct RecordedDayDetectionTests {
    /// Parses every capture and inserts its splits into `raw_mlb_betting_splits`.
    static func load(into test: TestDatabase) async throws {
        var rows: [[DuckDBValue]] = []
        for capture in try Fixtures.replay.captures() {
            let schedule = try Fixtures.schedule(at: capture.name)
            let matcher = GameMatcher(schedule: schedule.values)
            let outcomes = [try Fixtures.sbd(at: capture.name), try Fixtures.vsin(.circa, at: capture.name),
                            try Fixtures.vsin(.dk, at: capture.name)]
            for outcome in outcomes {
                for split in outcome.values {
                    // Unmatched splits (VSIN's doubleheader rows at 16:00 are ambiguous) are left out.
                    guard let game = try? matcher.match(split, slateDate: outcome.slateDate) else { continue }
                    let day = (outcome.slateDate ?? schedule.slateDate)!
                    let snapshot = split.sourceUpdatedAt ?? split.capturedAt
                    rows.append([
                        .string(String(game.gamePk)), .int(Int64(game.gamePk)), .date(day.duckDBDate),
                        .timestampTZ(game.gameTime),
                        .string(split.away.rawValue), .string(split.home.rawValue), .string(split.source.rawValue),
                        .string(split.book?.rawValue ?? ""), .string(split.market.rawValue),
                        .timestampTZ(snapshot), .timestampTZ(split.capturedAt),
                        split.lineAwayOrOver.map { .double($0) } ?? .null, split.lineHomeOrUnder.map { .double($0) } ?? .null,
                        .double(split.awayOrUnderBetsPct), .double(split.awayOrUnderMoneyPct),
                        .double(split.homeOrOverBetsPct), .double(split.homeOrOverMoneyPct), .double(split.differential),
                    ])
                }
            }
        }
        try await test.db.bulkInsert(into: "raw_mlb_betting_splits", columns: Snapshot.columns, rows: rows)
    }

    @Test func theDaysStoriesAreFound() async throws {
        let test = try await TestDatabase()
        try await Self.load(into: test)
        let result = try await SharpDetector().detect(test.db, gameDate: testDay)
        let byPick = Dictionary(result.signals.map { ("\($0.game.matchup) \($0.pick)", $0) }, uniquingKeysWith: { a, _ in a })

        let mets = try #require(byPick["PHI@NYM NYM ML +130"])
        #expect(mets.rules == [.differential, .reverseLineMovement, .steam])
        #expect(mets.lineMovement == 20)
        #expect(mets.level == .strong)
        #expect(try #require(byPick["PIT@CHC CHC ML -130"]).rules == [.differential, .steam])
        // SD@ARI: the moneyline's money is on SD, the run line's on ARI. SD ML and ARI +1.5 hedge
        // each other (SD by one run cashes both): neither is a pick; the conflict is listed.
        #expect(!result.signals.contains { $0.game.matchup == "SD@ARI" })
        let hedge = try #require(result.ruleConflicts.first { $0.game.matchup == "SD@ARI" })
        #expect(hedge.isCrossMarket)
        #expect(hedge.sides.map { "\($0.market.rawValue) \($0.side.rawValue) " + Set($0.hits.map(\.rule.rawValue)).sorted().joined(separator: ",") }
                == ["moneyline away differential,opposing_markets", "spread home differential"])
        #expect(hedge.description.hasPrefix("SD@ARI moneyline vs spread: the picks name both teams: moneyline away (differential"))
        #expect(result.ruleConflicts.count == 1)
        #expect(try #require(byPick["NYY@LAA Under 9"]).rules == [.differential])
        #expect(try #require(byPick["NYY@LAA LAA ML +160"]).rules == [.publicFade])   // 80% of money on NYM −185
        #expect(try #require(byPick["ATL@WSH WSH ML +115"]).rules == [.publicFade])
        let brewers = try #require(byPick["MIL@COL MIL -1.5"])
        #expect(brewers.rules == [.differential])
        #expect(brewers.origins.map(\.key) == ["sbd"])
        #expect(brewers.level == .strong)

        #expect(result.conflicts.map { "\($0.game.matchup) \($0.market)" } == ["STL@CIN moneyline"])
        let quiet: Set = ["KC@TB", "CLE@MIN", "OAK@HOU", "LAD@SF", "BOS@SEA", "CWS@DET", "STL@CIN"]
        #expect(result.signals.filter { quiet.contains($0.game.matchup) }.map(\.pick) == [])
        #expect(result.filtered.isEmpty)

        // Store, load the final scores, report.
        try await SignalStore(test.db).save(result.signals)
        try await OutcomeLoader().load(Data(contentsOf: Fixtures.recordedDay.appending(path: "outcomes.json")), into: test.db)
        let report = try await DailyReportService(test.db).report(for: testDay)
        await test.close()
        #expect(report.signals.count == result.signals.count)
        #expect(report.signals.allSatisfy { $0.result != .pending })
        let results = Dictionary(report.signals.map { ("\($0.signal.game.matchup) \($0.signal.pick)", $0.result) },
                                 uniquingKeysWith: { a, _ in a })
        #expect(results["PHI@NYM NYM ML +130"] == .win)
        #expect(results["ATL@WSH WSH ML +115"] == .loss)
        #expect(results["NYY@LAA Under 9"] == .win)
    }

    @Test func preGameWindowAtFiveMinutesBeforeTheMets() async throws {
        let test = try await TestDatabase()
        try await Self.load(into: test)
        // T−5 for PHI@NYM (23:10 UTC): only snapshots ≤ 45 min before each first pitch count.
        let asOf = Fixtures.date("2025-06-17T23:05:00Z")
        let result = try await SharpDetector(config: .preGame).detect(test.db, gameDate: testDay, asOf: asOf)
        await test.close()
        let mets = try #require(result.signals.first { $0.game.matchup == "PHI@NYM" && $0.market == .moneyline })
        #expect(mets.rules.contains(.steam))
        #expect(abs(mets.confidence.freshness - 100.0 * (60 - 10) / (60 - 5)) < 1e-9)   // 22:55 snapshot, 10 min old at 23:05
        // Games starting later than 45 minutes after the last capture have nothing in the window.
        #expect(!result.signals.contains { $0.game.matchup == "NYY@LAA" })
    }
}
