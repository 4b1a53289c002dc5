import DuckCoordinator
import Foundation
@testable import SharpBetting
import Testing

/// The scheduler's plan for a slate, and its runs driven by a manual clock (no sleeping).
@Suite(.serialized) struct PreGameSchedulerTests {
    static func at(_ text: String) -> Date { Fixtures.date(text) }

    @Test func plansThirtyFifteenAndFiveMinutesBeforeEachPlayableGame() {
        let games = [
            ScheduledGame(gamePk: 1, gameTime: Self.at("2025-06-17T17:10:00Z"), status: "Scheduled", away: .cws, home: .det,
                          gameNumber: 1),
            ScheduledGame(gamePk: 2, gameTime: Self.at("2025-06-17T23:10:00Z"), status: "Scheduled", away: .cws, home: .det,
                          gameNumber: 2),
            ScheduledGame(gamePk: 3, gameTime: Self.at("2025-06-17T23:10:00Z"), status: "Pre-Game", away: .phi, home: .nym),
            ScheduledGame(gamePk: 6, gameTime: Self.at("2025-06-17T22:35:00Z"), status: "Postponed", away: .tor, home: .bal),
            ScheduledGame(gamePk: 7, gameTime: Self.at("2025-06-17T16:05:00Z"), status: "Final", away: .kc, home: .tb),
        ]
        let plans = PreGameSchedulePlanner().plan(games)
        #expect(plans.map(\.runAt) == ["16:40", "16:55", "17:05", "22:40", "22:55", "23:05"].map {
            Self.at("2025-06-17T\($0):00Z")
        })
        #expect(plans.map(\.label) == [
            "T-30 CWS@DET", "T-15 CWS@DET", "T-5 CWS@DET",
            "T-30 CWS@DET, T-30 PHI@NYM", "T-15 CWS@DET, T-15 PHI@NYM", "T-5 CWS@DET, T-5 PHI@NYM",
        ])
        #expect(plans.map(\.gameIds) == [[1], [1], [1], [2, 3], [2, 3], [2, 3]])
        #expect(plans.map(\.alertGameIds) == [[], [], [1], [], [], [2, 3]])
        // From 22:50 on, only what is still ahead.
        #expect(PreGameSchedulePlanner().plan(games, from: Self.at("2025-06-17T22:50:00Z")).map(\.runAt)
            == [Self.at("2025-06-17T22:55:00Z"), Self.at("2025-06-17T23:05:00Z")])
    }

    @Test func runsThePlannedTimesInOrderOnTheManualClock() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Self.at("2025-06-17T22:30:00Z"))
        let scheduler = PreGameScheduler(
            workflow: PreGameWorkflowService.unhurried(db: test.coordinator, sinks: [ConsoleAlertSink(write: { _ in })]),
            slateDate: testDay, fetcher: try TimelineFetcher(replay: Fixtures.replay), clock: clock,
            refreshInterval: 3600)
        let running = Task { try await scheduler.run(until: Self.at("2025-06-17T22:56:00Z")) }
        // From 22:30 (schedule of the 22:30 capture: CWS@DET game 1 final, TOR@BAL postponed):
        // WSH 22:45 → 22:30, 22:40; CIN 22:40 → 22:35; TB 23:05 → 22:35, 22:50; DET g2 and NYM 23:10 → 22:40, 22:55.
        for wake in ["22:35", "22:40", "22:50", "22:55"] {
            let next = await clock.nextWake()
            #expect(next == Self.at("2025-06-17T\(wake):00Z"))
            clock.advance(to: next)
        }
        let results = try await running.value
        #expect(results.map(\.request.capturedAt) == ["22:30", "22:35", "22:40", "22:50", "22:55"].map {
            Self.at("2025-06-17T\($0):00Z")
        })
        #expect(results.map(\.request.label) == [
            "T-15 ATL@WSH", "T-5 STL@CIN, T-30 KC@TB", "T-5 ATL@WSH, T-30 CWS@DET, T-30 PHI@NYM", "T-15 KC@TB",
            "T-15 CWS@DET, T-15 PHI@NYM",
        ])
        #expect(results.map(\.status) == [.succeeded, .succeeded, .succeeded, .succeeded, .succeeded])
        #expect(results.map(\.request.alert) == [false, true, true, false, false])
        // Only the game at T−5 alerts: WSH (the fade of the public's ATL), not NYM at T−30.
        #expect(results[2].alerts.map(\.pick) == ["WSH ML +115"])
        #expect(results[1].alerts.isEmpty)   // STL@CIN: the books disagree
        await test.close()
    }

    @Test func cancellingStopsTheSchedulerWhileItWaits() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Self.at("2025-06-17T22:31:00Z"))
        let scheduler = PreGameScheduler(
            workflow: PreGameWorkflowService.unhurried(db: test.coordinator, sinks: []),
            slateDate: testDay, fetcher: try TimelineFetcher(replay: Fixtures.replay), clock: clock)
        let running = Task { try await scheduler.run() }
        #expect(await clock.nextWake() == Self.at("2025-06-17T22:35:00Z"))
        running.cancel()
        await #expect(throws: CancellationError.self) { try await running.value }
        await test.close()
    }
}
