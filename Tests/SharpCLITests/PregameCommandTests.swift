import Foundation
import Testing

/// `sharp pregame` (the main demo), `sharp pregame schedule` and `sharp monitor` as real processes.
@Suite struct PregameCommandTests {
    static let recordedDay = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17").path

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-pregame-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func theDemoWritesTheReportsAndRunningItAgainAddsNothing() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data/mlb.duckdb").path
        let reports = folder.appendingPathComponent("reports")
        let arguments = ["pregame", "--replay", Self.recordedDay, "--path", path, "--reports", reports.path]
        let staked = arguments + ["--bankroll", "1000"]

        let first = try await SharpProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Pre-game workflow for 2025-06-17: 3 runs"))
        #expect(first.stdout.contains("2025-06-17T22-55-00Z  slate  SUCCEEDED"))
        #expect(first.stdout.contains("Sharp signals (pre-game window, latest run of each game/market/side): 3"))
        // The decision on each pick leads (see PreGameWorkflowTests.theDemosThreePicksCarryTheirDecision for the numbers).
        #expect(first.stdout.contains("alert: BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0% | PHI@NYM"))
        #expect(first.stdout.contains("alert: PASS NYM +1.5 · -157 or better · now -170 (pinnacle) · edge -2.9% | PHI@NYM"))
        #expect(first.stdout.contains("alert: PASS WSH ML · +125 or better · now +119 (pinnacle) · edge -2.5% | ATL@WSH"))
        #expect(first.stdout.contains("BET   PHI@NYM  7:10 PM ET   NYM ML    +138 (sbd:caesars)  +132        +3.0%"))
        #expect(first.stdout.contains("Loaded 14 final scores"))
        // NYM ML is the bet and wins; NYM +1.5 (won) and the WSH fade (lost) were passed.
        #expect(first.stdout.contains("record of the bets 1-0-0 (1 bet, 2 passed of 3 signals)"))
        #expect(first.stdout.contains("Passed 1-1-0 (0 pending) · flat -0.41u had they been bet: passing saved 0.41u"))
        #expect(first.stdout.contains("(optimized, healthy)"))
        // The file's own coordinator counts its batches and rows; the line says them as counted.
        let totals = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("  reads ") }, "\(first.stdout)")
        #expect(totals.contains(try Regex(#"writes \d+ in [1-9]\d* batch(es)?, rows written [1-9]\d*, failures 0"#)), "\(totals)")
        let html = try String(contentsOf: reports.appendingPathComponent("sharp-report-2025-06-17.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        let json = try Data(contentsOf: reports.appendingPathComponent("sharp-report-2025-06-17.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect((report["signals"] as? [Any])?.count == 3)

        let count = ["db", "sql", "--path", path,
                     "SELECT (SELECT count(*) FROM raw_mlb_betting_splits) || '/' || (SELECT count(*) FROM sharp_signals) || '/' || (SELECT count(*) FROM pre_game_signals) AS counts"]
        let before = try await SharpProcess.run(count)
        let second = try await SharpProcess.run(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("alert: "))   // already alerted, not stronger
        let after = try await SharpProcess.run(count)
        #expect(before.stdout.contains("/3/6"))
        #expect(after.stdout == before.stdout)

        // With a bankroll the bet gets its stake, and the report grades it at that stake.
        let third = try await SharpProcess.run(staked)
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stdout.contains("at the recommended stakes (¼ Kelly of $1000.00): $5.46 staked, profit +$7.53, ROI +138.0%"))
    }

    @Test func theSchedulerAndTheMonitorPlayTheRecordedDayBack() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path
        let schedule = try await SharpProcess.run(["pregame", "schedule", "--replay", Self.recordedDay, "--path", path,
                                             "--now", "2025-06-17T22:30:00Z", "--until", "2025-06-17T22:40:00Z"])
        #expect(schedule.status == 0, "\(schedule.stderr)")
        #expect(schedule.stdout.contains("2025-06-17T22-40-00Z  T-5 ATL@WSH, T-30 CWS@DET, T-30 PHI@NYM  SUCCEEDED"))
        #expect(schedule.stdout.contains("done: 3 runs, 0 failed"))

        let monitor = try await SharpProcess.run(["monitor", "--replay", Self.recordedDay, "--path", path,
                                            "--now", "2025-06-17T22:55:00Z", "--interval", "60", "--cycles", "2"])
        #expect(monitor.status == 0, "\(monitor.stderr)")
        #expect(monitor.stdout.contains("cycle 2 2025-06-17T22-56-00Z"))
        #expect(monitor.stdout.contains("0 alerts (0 new, 0 stronger)"))
    }
}
