import DuckCoordinator
import Foundation
@testable import SharpBetting
import Testing

/// A fetcher whose every fetch throws, or only those of some files.
private struct FailingFetcher: PayloadFetcher {
    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "host unreachable" }
    }
    var failing: Set<RecordedFile>?
    var replay: ReplayFetcher

    func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        if failing?.contains(file) ?? true { throw Unreachable() }
        return try await replay.fetch(file, for: capture)
    }
}

/// A fetcher that never answers, but honours cancellation (as URLSession does).
private struct HangingFetcher: PayloadFetcher {
    func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// The pre-game workflow end to end on real DuckDB files, over the recorded day.
@Suite(.serialized) struct PreGameWorkflowTests {
    static func workflow(_ db: DatabaseCoordinator, stageTimeouts: [WorkflowStage: Duration] = [:],
                         sizing: StakeSizing? = nil) -> PreGameWorkflowService<DatabaseCoordinator> {
        .unhurried(db: db, sinks: [ConsoleAlertSink(write: { _ in })], sizing: sizing, stageTimeouts: stageTimeouts)
    }

    /// Runs every capture of the recorded day in time order, alerting at the last one.
    static func runDay(_ db: DatabaseCoordinator, sizing: StakeSizing? = nil) async throws -> [PreGameRunResult] {
        let workflow = workflow(db, sizing: sizing)
        let captures = try Fixtures.replay.captures()
        var results: [PreGameRunResult] = []
        for (index, capture) in captures.enumerated() {
            let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt,
                                            alert: index == captures.count - 1)
            results.append(try await workflow.run(request, using: ReplayFetcher(replay: Fixtures.replay, capture: capture)))
        }
        return results
    }

    static func picks(_ signals: [SharpSignal]) -> [String] {
        signals.map { "\($0.game.matchup) \($0.market.rawValue) \($0.side.rawValue)" }.sorted()
    }

    static func rowCounts(_ test: TemporaryDatabase) async throws -> [Int] {
        var counts: [Int] = []
        for table in ["raw_mlb_betting_splits", "sharp_signals", "pre_game_signals", "pre_game_data", "alert_ledger"] {
            counts.append(try await test.count("SELECT count(*) AS n FROM \(table)"))
        }
        return counts
    }

    @Test func theRecordedDayGivesItsPreGameSignalsAndRunningTwiceAddsNothing() async throws {
        let test = try await TemporaryDatabase()
        let first = try await Self.runDay(test.coordinator)
        #expect(first.map(\.status) == [.succeeded, .succeeded, .succeeded])

        // 16:00: no game starts within 45 minutes, so nothing (TOR@BAL is postponed).
        #expect(first[0].signals.isEmpty)
        #expect(first[0].skippedGames.map(\.gamePk) == [777006])
        // 22:30 and 22:55: the window holds the games starting by 23:15 / 23:40. NYM's sharp
        // moneyline and run line, and the fade of the public's ATL (WSH, from its 22:30
        // snapshot; 22:55 is after its first pitch). STL@CIN is a book conflict; CHC (00:05)
        // and NYY@LAA (01:38) are further than 45 minutes away at 22:55.
        let expected = ["ATL@WSH moneyline home", "PHI@NYM moneyline home", "PHI@NYM spread home"]
        #expect(Self.picks(first[1].signals) == expected)
        #expect(Self.picks(first[2].signals) == expected)
        #expect(first[2].signals.map(\.pick).sorted() == ["NYM +1.5", "NYM ML +130", "WSH ML +115"])
        #expect(first[2].detection?.conflicts.map { "\($0.game.matchup) \($0.market)" } == ["STL@CIN moneyline"])
        #expect(Set(first[1].skippedGames.map(\.gamePk)) == [777001, 777006])

        // Stages: all ran but alert, which runs only at the last capture.
        #expect(first[1].stages.map(\.stage) == [.collect, .detect, .alert, .store])
        #expect(first[1].stages.map(\.status) == [.succeeded, .succeeded, .skipped, .succeeded])
        #expect(first[2].stages.map(\.status) == [.succeeded, .succeeded, .succeeded, .succeeded])
        #expect(first[2].alerts.map(\.pick).sorted() == ["NYM +1.5", "NYM ML +130", "WSH ML +115"])
        // Each alert leads with its call (see theDemosThreePicksCarryTheirDecision for the numbers).
        let nym = try #require(first[2].alerts.first { $0.pick == "NYM ML +130" })
        #expect(nym.text.hasPrefix("BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0% | PHI@NYM "))
        let alerted = try await test.count(
            "SELECT count(*) AS n FROM pre_game_signals WHERE alerted AND run_id = 'pregame:2025-06-17T22-55-00Z:slate'")
        #expect(alerted == 3)
        let stageRows = try await test.count("SELECT count(*) AS n FROM pre_game_data WHERE status = 'succeeded'")
        #expect(stageRows == 3 + 3 + 4)

        let before = try await Self.rowCounts(test)
        // 3 + 3 pre-game signal rows (one per run and signal), 4 stages × 3 runs, 3 alerts.
        #expect(before[2...] == [6, 12, 3])
        let second = try await Self.runDay(test.coordinator)
        #expect(second.map { Self.picks($0.signals) } == first.map { Self.picks($0.signals) })
        #expect(second[2].alerts.isEmpty)   // the ledger: nothing new, nothing stronger
        #expect(try await Self.rowCounts(test) == before)
        await test.close()
    }

    /// The demo's three picks at T−5 (22:55), judged against Pinnacle's no-vig line then:
    /// - NYM ML: Pinnacle NYM +126 / PHI −138 → p = (100/226) / (100/226 + 138/238) = 43.28%;
    ///   break-even 1/p = 2.3104 → +131.04 → +132; Caesars still has +138 (it is slow): BET, edge
    ///   p · 2.38 − 1 = +3.0%, quarter Kelly of $1000 = 1000 · 0.25 · edge / 1.38 = $5.46.
    /// - NYM +1.5: Pinnacle −170 / PHI −1.5 +150 → p = 61.18%; break-even −157; best −170 (Pinnacle;
    ///   BetMGM has −175): PASS.
    /// - WSH ML (fading 87% of the money on ATL): Pinnacle WSH +119 / ATL −132 → p = 44.53%;
    ///   break-even +125; best +119 (Pinnacle): PASS.
    @Test func theDemosThreePicksCarryTheirDecision() async throws {
        let test = try await TemporaryDatabase()
        let day = try await Self.runDay(test.coordinator, sizing: StakeSizing(bankroll: 1000))
        let byBet = Dictionary(uniqueKeysWithValues: day[2].signals.map { ($0.bet, $0) })
        func fair(_ price: Double, _ other: Double) -> Double {
            let a = ImpliedProbability.raw(price)!, b = ImpliedProbability.raw(other)!
            return a / (a + b)
        }

        let nym = try #require(byBet["NYM ML"]?.decision)
        #expect(nym.call == .bet)
        #expect(nym.best == QuotedPrice(price: 138, source: "sbd:caesars"))
        #expect(abs(nym.fairProbability! - fair(126, -138)) < 1e-9)
        #expect(nym.breakEvenPrice == 132)
        #expect(abs(nym.edge! - (fair(126, -138) * 2.38 - 1)) < 1e-9)
        let stake = StakeSizing(bankroll: 1000).stake(for: nym)
        #expect(abs(stake.amount - 1000 * 0.25 * (fair(126, -138) * 2.38 - 1) / 1.38) < 1e-9)
        #expect(String(format: "%.2f", stake.amount) == "5.46" && stake.flat == 10)

        let runLine = try #require(byBet["NYM +1.5"]?.decision)
        #expect(runLine.call == .pass)
        #expect(runLine.best == QuotedPrice(price: -170, source: "pinnacle"))
        #expect(abs(runLine.fairProbability! - fair(-170, 150)) < 1e-9)
        #expect(runLine.breakEvenPrice == -157)
        #expect(StakeSizing(bankroll: 1000).stake(for: runLine).amount == 0)

        let fade = try #require(byBet["WSH ML"]?.decision)
        #expect(fade.call == .pass)
        #expect(fade.best == QuotedPrice(price: 119, source: "pinnacle"))
        #expect(fade.breakEvenPrice == 125)

        // The alerts lead with the call; a bet's carries its stake.
        let texts = day[2].alerts.map(\.text)
        #expect(texts.contains { $0.hasPrefix("BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0% · "
            + "stake $5.46 (¼ Kelly; flat $10.00) | PHI@NYM Tue Jun 17, 7:10 PM ET") })
        #expect(texts.contains { $0.hasPrefix("PASS NYM +1.5 · -157 or better · now -170 (pinnacle) · edge -2.9% | ") })
        #expect(texts.contains { $0.hasPrefix("PASS WSH ML · +125 or better · now +119 (pinnacle) · edge -2.5% | ") })

        // Stored with the signal, passes too; the report grades the bet at its stake, the passes apart.
        #expect(try await test.count("SELECT count(*) AS n FROM sharp_signals WHERE decision = 'PASS' AND break_even_price IS NOT NULL") == 2)
        #expect(try await test.count("SELECT count(*) AS n FROM sharp_signals WHERE decision = 'BET' AND best_price = 138") == 1)
        try await OutcomeLoader().load(Data(contentsOf: Fixtures.recordedDay.appending(path: "outcomes.json")), into: test.coordinator)
        let report = try await DailyReportService(test.coordinator).report(for: testDay, staking: StakeSizing(bankroll: 1000))
        #expect(report.bets.map(\.signal.bet) == ["NYM ML"])
        #expect(report.summary.wins == 1 && report.summary.losses == 0)
        #expect(abs(report.summary.stakeProfit! - stake.amount * 1.38) < 1e-9)      // NYM won 4–2 at +138
        #expect(abs(report.summary.units - 1.38) < 1e-9)
        // Passing: WSH lost (−1 unit), NYM +1.5 won at −170 (+100/170): passing saved 1 − 0.588 units.
        #expect(report.passed.wins == 1 && report.passed.losses == 1)
        #expect(abs(report.passed.units - (100 / 170.0 - 1)) < 1e-9)
        #expect(report.passed.stakeProfit == 0)
        #expect(report.alerts.map(\.channel) == [.preGame, .preGame, .preGame])
        #expect(report.alerts.map(\.call) .contains(.bet))
        await test.close()
    }

    @Test func aFailedStageIsReportedAndLaterStagesAreSkipped() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let replay = ReplayFetcher(replay: Fixtures.replay, capture: capture)
        let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, alert: true)

        let broken = try await Self.workflow(test.coordinator).run(request, using: FailingFetcher(failing: nil, replay: replay))
        #expect(broken.status == .failed)
        #expect(broken.stages.map(\.status) == [.failed, .skipped, .skipped, .skipped])
        #expect(broken.stage(.collect)?.detail?.contains("host unreachable") == true)
        #expect(broken.stage(.detect)?.detail == "collect did not succeed")
        let failedRow = try await test.count(
            "SELECT count(*) AS n FROM pre_game_data WHERE stage = 'collect' AND status = 'failed' AND detail LIKE '%unreachable%'")
        #expect(failedRow == 1)

        // One feed down: the others land, the run completes and says it is degraded.
        let partial = try await Self.workflow(test.coordinator)
            .run(request, using: FailingFetcher(failing: [.sbd], replay: replay))
        #expect(partial.status == .degraded)
        #expect(partial.stages.map(\.status) == [.succeeded, .succeeded, .succeeded, .succeeded])
        #expect(partial.collection?.failedFeeds == [.sbd])
        // Only the 22:55 capture is stored here, after ATL@WSH's first pitch: no WSH fade.
        #expect(Self.picks(partial.signals) == ["PHI@NYM moneyline home", "PHI@NYM spread home"])
        await test.close()
    }

    @Test func aStagePastItsTimeoutIsStopped() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777003])
        let workflow = Self.workflow(test.coordinator, stageTimeouts: [.collect: .milliseconds(200)])
        // Returning at all proves the hanging fetches were cancelled: the stage's task group
        // waits for its children.
        let result = try await workflow.run(request, using: HangingFetcher())
        #expect(result.status == .failed)
        #expect(result.stages.map(\.status) == [.timedOut, .skipped, .skipped, .skipped])
        let row = try await test.count(
            "SELECT count(*) AS n FROM pre_game_data WHERE run_id = 'pregame:2025-06-17T22-55-00Z:777003' AND status = 'timed_out'")
        #expect(row == 1)
        await test.close()
    }

    @Test func theRunStopsAtItsOverallDeadlineWhateverTheStageTimeouts() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777003])
        // Every stage may take two minutes, the run 200 ms: the hanging collect is stopped by the
        // run's deadline (returning at all proves it), and no later stage runs.
        let workflow = PreGameWorkflowService(db: test.coordinator, sinks: [ConsoleAlertSink(write: { _ in })],
                                              stageTimeout: .seconds(120), runDeadline: .milliseconds(200))
        let result = try await workflow.run(request, using: HangingFetcher())
        #expect(result.status == .failed)
        #expect(result.stages.map(\.status) == [.timedOut, .skipped, .skipped, .skipped])
        #expect(result.stage(.collect)?.detail == "stopped at the run's deadline (0.2 seconds after the run started)")
        let row = try await test.count(
            "SELECT count(*) AS n FROM pre_game_data WHERE stage = 'collect' AND detail LIKE 'stopped at the run''s deadline%'")
        #expect(row == 1)
        await test.close()
    }

    @Test func aStageStartingPastTheRunDeadlineIsNotRun() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777003])
        let workflow = PreGameWorkflowService(db: test.coordinator, sinks: [ConsoleAlertSink(write: { _ in })],
                                              runDeadline: .zero)
        let result = try await workflow.run(request, using: ReplayFetcher(replay: Fixtures.replay, capture: capture))
        #expect(result.stages.map(\.status) == [.timedOut, .skipped, .skipped, .skipped])
        #expect(result.stage(.collect)?.detail == "not started: past the run's deadline (0.0 seconds after the run started)")
        #expect(try await test.count("SELECT count(*) AS n FROM raw_mlb_betting_splits") == 0)
        await test.close()
    }

    @Test func oneGameRunsOnlyThatGameAndAPostponedGameIsSkipped() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let fetcher = ReplayFetcher(replay: Fixtures.replay, capture: capture)
        let workflow = Self.workflow(test.coordinator)
        let mets = try await workflow.run(
            PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777003]), using: fetcher)
        #expect(mets.status == .succeeded)
        #expect(Self.picks(mets.signals) == ["PHI@NYM moneyline home", "PHI@NYM spread home"])

        let postponed = try await workflow.run(
            PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777006]), using: fetcher)
        #expect(postponed.status == .skipped)
        #expect(postponed.skippedGames.map(\.gamePk) == [777006])
        #expect(postponed.stages.map(\.status) == [.succeeded, .succeeded, .skipped, .skipped])
        await test.close()
    }

    @Test func aRunCommitsItsSignalsAlertsAndStagesTogetherOrNotAtAll() async throws {
        let test = try await TemporaryDatabase()
        let capture = try Fixtures.capture(Fixtures.late)
        let fetcher = ReplayFetcher(replay: Fixtures.replay, capture: capture)
        let request = PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, alert: true)
        // pre_game_signals is written after sharp_signals in the store stage's job: without it
        // the job fails, and nothing of it may remain.
        _ = try await test.coordinator.write("DROP TABLE pre_game_signals", [], priority: .normal)
        let result = try await Self.workflow(test.coordinator).run(request, using: fetcher)
        #expect(result.status == .failed)
        #expect(result.stages.map(\.status) == [.succeeded, .succeeded, .succeeded, .failed])
        #expect(result.alerts.map(\.pick).sorted() == ["NYM +1.5", "NYM ML +130"])   // sent before the store
        #expect(try await test.count("SELECT count(*) AS n FROM sharp_signals") == 0)
        // The alerts were claimed in the ledger as they went out (they were sent, so exactly
        // once means the ledger says so whatever happens to the store).
        #expect(try await test.count("SELECT count(*) AS n FROM alert_ledger") == 2)
        // The run record is written on its own, store's failure included.
        #expect(try await test.count("SELECT count(*) AS n FROM pre_game_data WHERE stage = 'store' AND status = 'failed'") == 1)
        #expect(try await test.count("SELECT count(*) AS n FROM pre_game_data") == 4)

        // The table back, the same run again: the signals are stored, no alert goes out twice.
        for statement in SchemaMigrations.all[0].statements { _ = try await test.coordinator.immediateWrite(statement, []) }
        let again = try await Self.workflow(test.coordinator).run(request, using: fetcher)
        #expect(again.status == .succeeded)
        #expect(again.alerts.isEmpty)
        #expect(try await test.count("SELECT count(*) AS n FROM sharp_signals") == 2)
        #expect(try await test.count("SELECT count(*) AS n FROM alert_ledger WHERE alert_count = 1") == 2)
        await test.close()
    }

    @Test func anSBDSnapshotWhoseUpdatedIsAnHourOldStillCountsAtT5() async throws {
        let test = try await TemporaryDatabase()
        let copy = test.folder.appendingPathComponent("day")
        let folder = copy.appendingPathComponent(Fixtures.late)
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.recordedDay.appendingPathComponent(Fixtures.late), to: folder)
        // The feed refreshed unevenly: every market's `updated` is 21:50, 65 minutes before the
        // 22:55 capture and 80 before PHI@NYM's 23:10 first pitch (outside the 45-minute window).
        let sbd = folder.appendingPathComponent("sbd.json")
        let stale = try String(contentsOf: sbd, encoding: .utf8)
            .replacingOccurrences(of: #""updated": "2025-06-17T22:[0-9:.]+Z""#, with: #""updated": "2025-06-17T21:50:00.000Z""#,
                                  options: .regularExpression)
        #expect(!stale.contains(#""updated": "2025-06-17T22:"#))
        try Data(stale.utf8).write(to: sbd)
        let replay = Replay(root: copy)
        let capture = try replay.captures()[0]
        let fetcher = ReplayFetcher(replay: replay, capture: capture)

        // First seen at 22:00 (T-70), served again unchanged at 22:55 (a duplicate: not stored twice).
        let early = CaptureContext(slateDate: testDay, capturedAt: Fixtures.date("2025-06-17T22:00:00Z"))
        _ = try await DataCollectorService(database: test.coordinator, feeds: [.schedule, .sbd]).collect(early, using: fetcher)
        let run = try await Self.workflow(test.coordinator)
            .run(PreGameRunRequest(slateDate: testDay, capturedAt: capture.capturedAt, gameIds: [777003]), using: fetcher)

        let sbdFeed = try #require(run.collection?.feed(.sbd))
        #expect(sbdFeed.duplicates == sbdFeed.parsed && sbdFeed.stored == 0)
        #expect(sbdFeed.staleness?.maxSeconds == 65 * 60 && sbdFeed.staleness?.minSeconds == 65 * 60)
        #expect(run.stage(.collect)?.detail?.contains("sbd: source time 65–65 min old at capture (median 65)") ?? false)
        let moneyline = try #require(run.signals.first { $0.market == .moneyline })
        #expect(moneyline.origins.map(\.key).contains("sbd"), "\(moneyline.origins.map(\.key))")
        // The source time is kept for dedupe and history; the capture that served it is recorded.
        let rows = try await test.coordinator.read("""
            SELECT epoch(snapshot_at) AS s, epoch(captured_at) AS c, epoch(last_captured_at) AS l
            FROM raw_mlb_betting_splits WHERE source = 'sbd' AND game_id = 777003 AND market = 'moneyline'
            """, [])
        #expect(rows.count == 1)
        let times = try [rows[0]["s", as: Double.self], rows[0]["c", as: Double.self], rows[0]["l", as: Double.self]]
        #expect(times == [Fixtures.date("2025-06-17T21:50:00Z"), Fixtures.date("2025-06-17T22:00:00Z"), capture.capturedAt]
                    .map(\.timeIntervalSince1970))
        await test.close()
    }
}
