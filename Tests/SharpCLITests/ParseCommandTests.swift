import Foundation
import Testing

@Suite struct ParseCommandTests {
    static let late = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17/2025-06-17T22-55-00Z")

    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func vsinPrintsOneSplitPerLineWithTheDocumentedKeys() async throws {
        let output = try await SharpProcess.run(["parse", "vsin", Self.late.appendingPathComponent("vsin-dk.html").path,
                                           "--book", "dk", "--captured-at", "2025-06-17T22:55:00Z"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        let lines = try Self.objects(output.stdout)
        #expect(lines.count == 38)
        #expect(Set(lines[0].keys) == [
            "source", "book", "market", "away", "home", "game_time", "line_away_or_over", "line_home_or_under",
            "away_or_under_bets_pct", "away_or_under_money_pct", "home_or_over_bets_pct", "home_or_over_money_pct",
            "away_or_under_bets", "home_or_over_bets", "differential", "sharp_action",
        ])
        let nym = try #require(lines.first { $0["home"] as? String == "NYM" && $0["market"] as? String == "moneyline" })
        #expect(nym["differential"] as? Double == 24)
        #expect(nym["sharp_action"] as? String == "home")
        #expect(nym["line_home_or_under"] as? Double == 124)
        #expect(nym["book"] as? String == "dk")
    }

    @Test func pinnacleAndScheduleAndSBDParse() async throws {
        let pinnacle = try await SharpProcess.run(["parse", "pinnacle", Self.late.appendingPathComponent("pinnacle-matchups.json").path,
                                             "--markets", Self.late.appendingPathComponent("pinnacle-markets.json").path])
        #expect(pinnacle.status == 0, "\(pinnacle.stderr)")
        let odds = try Self.objects(pinnacle.stdout)
        #expect(odds.count == 39)
        let phi = try #require(odds.first { $0["matchup_id"] as? Int == 1_610_000_003 && $0["market"] as? String == "moneyline" })
        #expect(phi["price_home_or_over"] as? Double == 126)
        #expect(phi["implied_home_or_over"] != nil)

        let schedule = try await SharpProcess.run(["parse", "schedule", Self.late.appendingPathComponent("schedule.json").path])
        #expect(schedule.status == 0)
        let games = try Self.objects(schedule.stdout)
        #expect(games.count == 15)
        #expect(games.first { $0["game_pk"] as? Int == 777006 }?["status"] as? String == "Postponed")

        let sbd = try await SharpProcess.run(["parse", "sbd", Self.late.appendingPathComponent("sbd.json").path])
        #expect(sbd.status == 0)
        #expect(try Self.objects(sbd.stdout).count == 38)
    }

    @Test func malformedFileFailsWithTheSourceAndFieldOnStderr() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("sbd.json")
        try Data(#"{"group": "2025-06-17", "games": "soon"}"#.utf8).write(to: bad)
        let output = try await SharpProcess.run(["parse", "sbd", bad.path])
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("sbd payload field 'games': missing or not an array"), "\(output.stderr)")

        // One faulty market: its error names source, game and field; the game's other markets and the
        // other games still print (39 - 1).
        let html = try String(contentsOf: Self.late.appendingPathComponent("vsin-circa.html"), encoding: .utf8)
            .replacingOccurrences(of: "71%&nbsp;", with: "7x%&nbsp;")
        let page = folder.appendingPathComponent("vsin.html")
        try Data(html.utf8).write(to: page)
        let partial = try await SharpProcess.run(["parse", "vsin", page.path, "--book", "circa"])
        #expect(partial.status == 0)
        #expect(partial.stderr.contains("vsin (circa) game PHI@NYM field 'moneyline bets %': '7x%' is not a percentage"),
                "\(partial.stderr)")
        #expect(try Self.objects(partial.stdout).count == 38)

        let missing = try await SharpProcess.run(["parse", "schedule", folder.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file"))
    }
}
