import DuckDBKit
import Foundation
import SharpBetting
import Testing

@Suite struct CollectCommandTests {
    static let day = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17")

    @Test func replayOfTheRecordedDayPrintsTheSummaryAndFillsTheDatabase() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("collect-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data/mlb.duckdb").path
        let output = try await SharpProcess.run(["collect", "--replay", Self.day.path, "--path", path])
        #expect(output.status == 0, "\(output.stderr)")
        let rows = output.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let circa = try #require(rows.first { $0.first == "vsin-circa" })
        #expect(circa.prefix(6) == ["vsin-circa", "120", "0", "120", "0", "0"] && circa.last == "ok", "\(output.stdout)")
        #expect(rows.contains { $0.prefix(6) == ["total", "519", "0", "498", "21", "0"] }, "\(output.stdout)")
        #expect(output.stderr.contains("replay 2025-06-17T16-00-00Z"))
        #expect(output.stderr.contains("stored as 2025-06-17:CWS@DET#2"))

        let database = try Database(path: path)
        let connection = try database.connect()
        #expect(try connection.query("SELECT count(*) AS n FROM raw_mlb_betting_splits")[0]["n", as: Int.self] == 354)
        #expect(try connection.query("SELECT count(*) AS n FROM odds_snapshots")[0]["n", as: Int.self] == 120)
        connection.close()
        database.close()

        let again = try await SharpProcess.run(["collect", "--replay", Self.day.appendingPathComponent("2025-06-17T22-55-00Z").path,
                                          "--path", path, "--source", "vsin", "--db-mode", "legacy"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 capture into"))
        #expect(again.stdout.split(separator: "\n").contains { $0.split(separator: " ").prefix(6) == ["total", "77", "0", "0", "77", "0"] },
                "\(again.stdout)")
    }

    @Test func missingReplayFolderSaysWhichPathAndWhatLayout() async throws {
        let output = try await SharpProcess.run(["collect", "--replay", "/nonexistent/day", "--path", "/tmp/unused-\(UUID()).duckdb"])
        #expect(output.status == 66, "an input that cannot be opened: \(output.status)")
        #expect(output.stderr.contains("no replay folder at /nonexistent/day"))
        #expect(output.stderr.contains("<YYYY-MM-DDTHH-MM-SSZ>/{schedule.json, sbd.json, vsin-circa.html"))
    }

    @Test func migratePrintsTheVersion() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("db/mlb.duckdb").path
        let first = try await SharpProcess.run(["db", "migrate", "--path", path])
        #expect(first.status == 0, "\(first.stderr)")
        let latest = SchemaMigrator().latestVersion
        #expect(latest >= 3)
        #expect(first.stdout == "schema version \(latest) (was 0)\n")
        #expect(try await SharpProcess.run(["db", "migrate", "--path", path]).stdout == "schema version \(latest) (up to date)\n")
    }
}
