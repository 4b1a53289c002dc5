import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

@Suite struct SchemaMigratorTests {
    @Test(arguments: CoordinatorMode.allCases)
    func migratesOnceAndIsIdempotent(mode: CoordinatorMode) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("s.duckdb").path, mode: mode)
        let migrator = SchemaMigrator()
        #expect(try await migrator.currentVersion(db) == 0)
        #expect(try await migrator.migrate(db) == migrator.latestVersion)
        #expect(try await migrator.migrate(db) == migrator.latestVersion)
        let applied: Int = try await db.read("SELECT count(*) AS n FROM schema_migrations", [])[0]["n"]
        #expect(applied == SchemaMigrations.all.count)
        let names = try await db.read("SELECT table_name FROM duckdb_tables() ORDER BY 1", []).map { try $0["table_name", as: String.self] }
        for table in ["games", "raw_mlb_betting_splits", "sharp_signals", "pre_game_signals", "pre_game_data",
                      "historical_data", "game_outcomes", "schema_migrations", "strategy_performance"] {
            #expect(names.contains(table), "\(table) missing")
        }
        let views = try await db.read("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1", []).map { try $0["view_name", as: String.self] }
        #expect(views == ["betting_splits", "line_movements"])
        await db.shutdown()
    }

    @Test func latestSnapshotViewAndLineMovements() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("s.duckdb").path)
        try await SchemaMigrator().migrate(db)
        let columns = ["game_key", "game_date", "away", "home", "source", "book", "market", "snapshot_at", "captured_at",
                       "line_away_or_over", "line_home_or_under", "away_or_under_bets_pct", "away_or_under_money_pct",
                       "home_or_over_bets_pct", "home_or_over_money_pct", "differential"]
        func row(_ minute: Int, _ line: Double) -> [DuckDBValue] {
            let t = DuckDBValue.timestampTZ(DuckDBTimestamp(micros: Int64(1_750_186_800 + minute * 60) * 1_000_000))
            return ["777001", .date(DuckDBDate(year: 2025, month: 6, day: 17)), "PHI", "NYM", "vsin", "circa", "moneyline",
                    t, t, .double(line), .double(-line), 60, 40, 40, 60, 20]
        }
        try await db.bulkInsert(into: "raw_mlb_betting_splits", columns: columns, rows: [row(0, 150), row(10, 150), row(20, 138)])
        // The same snapshot again violates the dedupe key.
        await #expect(throws: DuckDBError.self) {
            try await db.bulkInsert(into: "raw_mlb_betting_splits", columns: columns, rows: [row(20, 138)])
        }
        let latest = try await db.read("SELECT line_away_or_over AS l FROM betting_splits", [])
        #expect(latest.count == 1)
        #expect(try latest[0]["l", as: Double.self] == 138)
        let moves = try await db.read("SELECT from_line_away_or_over AS f, to_line_away_or_over AS t FROM line_movements", [])
        #expect(moves.count == 1)
        #expect(try moves[0]["f", as: Double.self] == 150)
        #expect(try moves[0]["t", as: Double.self] == 138)
        await db.shutdown()
    }
}

@Suite struct SchemaMigratorOrderTests {
    /// A version below the highest applied one still runs when it was never recorded: the
    /// ranges 3–9 and 10–19 come from parallel branches and may merge in either order.
    @Test func unrecordedLowerVersionsStillApply() async throws {
        let test = try await TestDatabase()
        let late = SchemaMigration(version: 5, name: "late arrival", sql: "CREATE TABLE IF NOT EXISTS late_arrival (x INTEGER)")
        let version = try await SchemaMigrator(migrations: SchemaMigrations.all + [late]).migrate(test.db)
        #expect(version == SchemaMigrator().latestVersion)
        let n: Int = try await test.db.read("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'late_arrival'")[0]["n"]
        #expect(n == 1)
        await test.close()
    }
}
