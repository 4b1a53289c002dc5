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

        let first = try await SharpProcess.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Pre-game workflow for 2025-06-17: 3 run(s)"))
        #expect(first.stdout.contains("2025-06-17T22-55-00Z  slate  SUCCEEDED"))
        #expect(first.stdout.contains("Sharp signals (pre-game window, latest run of each game/market/side): 3"))
        for pick in ["NYM ML +130", "NYM +1.5", "WSH ML +115"] { #expect(first.stdout.contains(pick)) }
        #expect(first.stdout.contains("Loaded 14 final score(s)"))
        #expect(first.stdout.contains("record 2-1-0 over 3 signal(s)"))   // NYM ML and +1.5 win, the WSH fade loses
        #expect(first.stdout.contains("(optimized, healthy)"))
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
        #expect(!second.stdout.contains("alert: SHARP PICK"))   // already alerted, not stronger
        let after = try await SharpProcess.run(count)
        #expect(before.stdout.contains("/3/6"))
        #expect(after.stdout == before.stdout)
    }

    @Test func theSchedulerAndTheMonitorPlayTheRecordedDayBack() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path
        let schedule = try await SharpProcess.run(["pregame", "schedule", "--replay", Self.recordedDay, "--path", path,
                                             "--now", "2025-06-17T22:30:00Z", "--until", "2025-06-17T22:40:00Z"])
        #expect(schedule.status == 0, "\(schedule.stderr)")
        #expect(schedule.stdout.contains("2025-06-17T22-40-00Z  T-5 ATL@WSH, T-30 CWS@DET, T-30 PHI@NYM  SUCCEEDED"))
        #expect(schedule.stdout.contains("done: 3 run(s), 0 failed"))

        let monitor = try await SharpProcess.run(["monitor", "--replay", Self.recordedDay, "--path", path,
                                            "--now", "2025-06-17T22:55:00Z", "--interval", "60", "--cycles", "2"])
        #expect(monitor.status == 0, "\(monitor.stderr)")
        #expect(monitor.stdout.contains("cycle 2 2025-06-17T22-56-00Z"))
        #expect(monitor.stdout.contains("0 alerts (0 new, 0 stronger)"))
    }
}
