import DuckCoordinator
import Foundation
@testable import SharpBetting
import Testing

/// The sharp monitor over the recorded day, driven by a manual clock.
@Suite(.serialized) struct SharpMonitorServiceTests {
    static func monitor(_ db: DatabaseCoordinator, clock: ManualWorkflowClock, interval: TimeInterval)
        throws -> SharpMonitorService<DatabaseCoordinator>
    {
        SharpMonitorService(db: db, fetcher: try TimelineFetcher(replay: Fixtures.replay), clock: clock, interval: interval,
                            slateDate: testDay, sinks: [ConsoleAlertSink(write: { _ in })])
    }

    /// Runs `cycles` cycles, advancing the clock to each wake.
    static func drive(_ monitor: SharpMonitorService<DatabaseCoordinator>, clock: ManualWorkflowClock, cycles: Int)
        async throws -> [MonitorCycleReport]
    {
        let running = Task { try await monitor.run(cycles: cycles) }
        for _ in 1..<cycles { clock.advance(to: await clock.nextWake()) }
        return try await running.value
    }

    @Test func theSameDataIsNotAlertedTwice() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Fixtures.date("2025-06-17T22:55:00Z"))
        let reports = try await Self.drive(try Self.monitor(test.coordinator, clock: clock, interval: 60), clock: clock, cycles: 2)
        #expect(reports.map(\.at) == [Fixtures.date("2025-06-17T22:55:00Z"), Fixtures.date("2025-06-17T22:56:00Z")])
        // Every signal of the 22:55 capture is new at the first cycle (no pre-game window here; SD@ARI's
        // SD ML and ARI +1.5 hedge each other and are no picks).
        #expect(reports[0].newAlerts.map(\.pick).sorted() == [
            "CHC ML -130", "LAA ML +160", "MIL -1.5", "NYM +1.5", "NYM ML +130", "Under 9",
        ])
        // A minute later the same capture is served again: same signals, nothing alerted.
        #expect(reports[1].signals.count == 6)
        #expect(reports[1].alerts.isEmpty)
        #expect(reports[1].summary.hasPrefix("cycle 2 2025-06-17T22-56-00Z: stored"))
        #expect(reports[1].summary.contains("6 signals, 0 alerts (0 new, 0 stronger)"))
        // One of a thing is singular in the summary ("1 alerts" before): the first cycle's line.
        #expect(reports[0].summary.contains(" 0 failed feeds, "), "\(reports[0].summary)")
        #expect(try await test.count("SELECT count(*) AS n FROM monitor_alert_ledger") == 6)
        // Each alert is logged for the daily report, leading with its call.
        let logged = try await SentAlert.sent(on: testDay, in: test.coordinator)
        #expect(logged.count == 6 && logged.allSatisfy { $0.channel == .monitor && $0.sentAt == Fixtures.date("2025-06-17T22:55:00Z") })
        #expect(logged.first { $0.signalId.hasPrefix("777003:moneyline:home") }?.headline
                == "BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0%")
        await test.close()
    }

    @Test func aStrengthenedSignalIsAlertedAgain() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Fixtures.date("2025-06-17T16:00:00Z"))
        let monitor = try Self.monitor(test.coordinator, clock: clock, interval: 6.5 * 3600)   // 16:00, then 22:30
        let reports = try await Self.drive(monitor, clock: clock, cycles: 2)
        #expect(reports[0].newAlerts.map(\.pick).sorted() == ["LAA ML +160", "MIL -1.5", "NYM +1.5", "WSH ML +115"])
        // 22:30: three new sides; the WSH fade went from 69.75 to 74.75 confidence (≥ 5 points:
        // alerted again); NYM +1.5 rose 4.8 (70.88 → 75.68) and is not.
        #expect(reports[1].newAlerts.map(\.pick).sorted() == ["CHC ML -130", "NYM ML +138", "Under 9"])
        #expect(reports[1].strengthenedAlerts.map(\.pick) == ["WSH ML +115"])
        let count = try await test.count(
            "SELECT alert_count AS n FROM monitor_alert_ledger WHERE game_key = '777004' AND market = 'moneyline' AND side = 'home'")
        #expect(count == 2)
        await test.close()
    }

    @Test func aMonitorAlertDoesNotSwallowTheT5Alert() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Fixtures.date("2025-06-17T22:55:00Z"))
        let cycle = try await Self.monitor(test.coordinator, clock: clock, interval: 60).cycle()
        #expect(cycle.newAlerts.map(\.pick).contains("NYM ML +130"))
        // The pre-game workflow's T-5 run at the same capture still alerts its picks.
        let capture = try Fixtures.capture(Fixtures.late)
        let workflow = PreGameWorkflowService.unhurried(db: test.coordinator, sinks: [ConsoleAlertSink(write: { _ in })])
        let run = try await workflow.run(PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, alert: true),
                                         using: ReplayFetcher(replay: Fixtures.replay, capture: capture))
        #expect(run.alerts.map(\.pick).sorted() == ["NYM +1.5", "NYM ML +130"])
        #expect(try await test.count("SELECT count(*) AS n FROM alert_ledger") == 2)
        #expect(try await test.count("SELECT count(*) AS n FROM monitor_alert_ledger") == 6)
        // The daily report lists both channels' alerts.
        let report = try await DailyReportService(test.coordinator).report(for: testDay)
        #expect(report.alerts.filter { $0.channel == .monitor }.count == 6)
        #expect(report.alerts.filter { $0.channel == .preGame }.count == 2)
        #expect(ReportFormat.text.render(report).contains("monitor  BET NYM ML · +132 or better · now +138 (sbd:caesars)"))
        // And the other way round: a second monitor cycle alerts nothing new.
        clock.advance(to: Fixtures.date("2025-06-17T22:56:00Z"))
        #expect(try await Self.monitor(test.coordinator, clock: clock, interval: 60).cycle().alerts.isEmpty)
        await test.close()
    }

    /// Serves the recorded day with PHI@NYM (777003) postponed in every schedule payload.
    private struct PostponingFetcher: PayloadFetcher {
        var inner: TimelineFetcher
        func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
            let data = try await inner.fetch(file, for: capture)
            guard file == .schedule, var root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  var dates = root["dates"] as? [[String: Any]] else { return data }
            for d in dates.indices {
                guard var games = dates[d]["games"] as? [[String: Any]] else { continue }
                for g in games.indices where games[g]["gamePk"] as? Int == 777003 {
                    games[g]["status"] = ["detailedState": "Postponed"]
                }
                dates[d]["games"] = games
            }
            root["dates"] = dates
            return try JSONSerialization.data(withJSONObject: root)
        }
    }

    @Test func postponedGamesAreSkipped() async throws {
        let test = try await TemporaryDatabase()
        let clock = ManualWorkflowClock(now: Fixtures.date("2025-06-17T22:55:00Z"))
        let monitor = SharpMonitorService(db: test.coordinator, fetcher: PostponingFetcher(inner: try TimelineFetcher(replay: Fixtures.replay)),
                                          clock: clock, interval: 60, slateDate: testDay, sinks: [ConsoleAlertSink(write: { _ in })])
        let cycle = try await monitor.cycle()
        // The 6 picks of the 22:55 capture without NYM's two; CWS@DET game 1 is Final.
        #expect(cycle.newAlerts.map(\.pick).sorted() == ["CHC ML -130", "LAA ML +160", "MIL -1.5", "Under 9"])
        #expect(!cycle.signals.contains { $0.game.gameId == 777003 })
        #expect(Set(cycle.skippedGames.map(\.gamePk)).isSuperset(of: [777001, 777003, 777006]))
        #expect(cycle.summary.contains("games skipped (postponed/final)"))
        await test.close()
    }
}
