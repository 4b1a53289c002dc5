import Foundation
import Testing

/// `sharp collect --sharp-win-rate` then `sharp backtest`, `sharp detect --min-bets` and
/// `sharp report --bankroll`, as separate processes on one temporary file: the README's commands.
@Suite struct BacktestCommandTests {
    @Test func simulatedSeasonBacktestThenProvenRulesAndStakes() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-backtest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("season.duckdb").path

        // Captures every 3 hours plus the T-5 and T-1 of each first pitch (what detection and the close need).
        let collected = try await SharpProcess.run(["collect", "--simulate", "7", "--games", "15", "--interval", "180",
                                              "--sharp-win-rate", "0.9", "--path", path])
        #expect(collected.status == 0, "\(collected.stderr)")
        #expect(collected.stderr.contains("loaded 14 simulated final scores into game_outcomes"))   // one day, one game postponed

        let backtest = try await SharpProcess.run(["backtest", "--path", path])
        #expect(backtest.status == 0, "\(backtest.stderr)")
        #expect(backtest.stdout.contains("Backtest 2025-06-17 to 2025-06-17: 1 day,"))
        #expect(backtest.stdout.contains("Hit rate  95% CI"))
        #expect(backtest.stdout.contains("Flat ROI") && backtest.stdout.contains("Kelly ROI") && backtest.stdout.contains("Avg CLV (95% CI)"))
        #expect(backtest.stdout.contains("By decision"))
        #expect(backtest.stdout.contains("every bet had a known price"))
        #expect(backtest.stdout.contains("rows in strategy_performance"))

        let json = try await SharpProcess.run(["backtest", "--path", path, "--rules", "differential", "--json", "--no-save"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["performance"] as? [[String: Any]])
        let rules = Set(rows.compactMap { ($0["bucket"] as? [String: Any])?["rule"] as? String })
        #expect(rules == ["all", "differential"])

        // Detection reads the stored record: the differential rule has one, so --min-bets 1 keeps it; a
        // record of 100000 bets exists for no rule, so nothing passes.
        let proven = try await SharpProcess.run(["detect", "--path", path, "--date", "2025-06-17", "--min-bets", "1", "--save"])
        #expect(proven.status == 0, "\(proven.stderr)")
        #expect(proven.stdout.contains("differential"))
        let none = try await SharpProcess.run(["detect", "--path", path, "--date", "2025-06-17", "--min-bets", "100000"])
        #expect(none.stdout.contains("No signals."), "\(none.stdout)")

        let staked = try await SharpProcess.run(["report", "--path", path, "--date", "2025-06-17", "--bankroll", "1000"])
        #expect(staked.status == 0, "\(staked.stderr)")
        #expect(staked.stdout.contains("Stake") && staked.stdout.contains("at the recommended stakes (¼ Kelly of $1000.00)"))
        #expect(staked.stdout.contains("ROI +"))     // the record beside each signal: a 90% sharp side wins money

        let wrong = try await SharpProcess.run(["collect", "--sharp-win-rate", "0.56", "--path", path])
        #expect(wrong.status != 0 && wrong.stderr.contains("--sharp-win-rate needs --simulate"))
        let badRule = try await SharpProcess.run(["backtest", "--path", path, "--rules", "magic"])
        #expect(badRule.status != 0 && badRule.stderr.contains("unknown rule 'magic'"))
    }
}
