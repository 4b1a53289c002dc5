import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting

/// A migrated database in a fresh temporary folder, removed afterwards.
final class TestDatabase: @unchecked Sendable {
    let folder: URL
    let db: DatabaseCoordinator

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("detect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Small pool, short batch timeout, one DuckDB thread: many of these run at once on two cores.
        var config = ConnectionConfig(readPoolSize: 4, writeBatchSize: 100, writeBatchTimeout: 0.01)
        config.duckdbThreads = 1
        db = try DatabaseCoordinator(path: folder.appendingPathComponent("t.duckdb").path, config: config)
        try await SchemaMigrator().migrate(db)
    }

    func close() async {
        await db.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs `body` on a fresh database and closes it afterwards, whether `body` returned or threw.
    static func using<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let test = try await TestDatabase()
        do {
            let result = try await body(test)
            await test.close()
            return result
        } catch {
            await test.close()
            throw error
        }
    }

    /// Inserts hand-built snapshots into `raw_mlb_betting_splits`.
    func insert(_ snapshots: [Snapshot]) async throws {
        try await db.bulkInsert(into: "raw_mlb_betting_splits", columns: Snapshot.columns, rows: snapshots.map(\.values))
    }

    /// Inserts a final score into `game_outcomes`.
    func insertOutcome(gameId: Int, away: String, home: String, awayScore: Int, homeScore: Int) async throws {
        try await db.write("""
            INSERT INTO game_outcomes (game_id, game_date, away, home, away_score, home_score, status, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, 'Final', now())
            """, [.int(Int64(gameId)), .date(DuckDBDate(year: 2025, month: 6, day: 17)), .string(away), .string(home),
                  .int(Int64(awayScore)), .int(Int64(homeScore))], priority: .critical)
    }
}

/// The slate day of hand-built snapshots.
let testDay = SlateDate("2025-06-17")!
/// First pitch of hand-built games: 2025-06-17 23:10 UTC.
let firstPitch = Date(timeIntervalSince1970: 1_750_201_800)

/// One hand-built row of `raw_mlb_betting_splits`. Give `d` (home/over differential) and the
/// home/over bets share; money follows. Times are minutes before ``firstPitch``.
struct Snapshot {
    var gameKey = "777003"
    var gameId: Int? = 777003
    var gameTime: Date? = firstPitch
    var away = "PHI"
    var home = "NYM"
    var source = "vsin"
    var book = "circa"
    var market: Market = .moneyline
    var minutesBefore: Double = 15
    var lineAwayOrOver: Double? = nil
    var lineHomeOrUnder: Double? = nil
    var homeOrOverBetsPct: Double = 50
    var d: Double = 0
    /// Overrides money on the home/over side (then `d` is recomputed from it).
    var homeOrOverMoneyPct: Double? = nil

    static let columns = [
        "game_key", "game_id", "game_date", "game_time", "away", "home", "source", "book", "market",
        "snapshot_at", "captured_at", "line_away_or_over", "line_home_or_under",
        "away_or_under_bets_pct", "away_or_under_money_pct", "home_or_over_bets_pct", "home_or_over_money_pct",
        "differential",
    ]

    var snapshotAt: Date { firstPitch.addingTimeInterval(-minutesBefore * 60) }

    var values: [DuckDBValue] {
        let money = homeOrOverMoneyPct ?? homeOrOverBetsPct + d
        let differential = homeOrOverMoneyPct.map { $0 - homeOrOverBetsPct } ?? d
        return [
            .string(gameKey), gameId.map { .int(Int64($0)) } ?? .null, .date(DuckDBDate(year: 2025, month: 6, day: 17)),
            gameTime.map { .timestampTZ($0) } ?? .null, .string(away), .string(home), .string(source), .string(book),
            .string(market.rawValue), .timestampTZ(snapshotAt), .timestampTZ(snapshotAt),
            lineAwayOrOver.map { .double($0) } ?? .null, lineHomeOrUnder.map { .double($0) } ?? .null,
            .double(100 - homeOrOverBetsPct), .double(100 - money), .double(homeOrOverBetsPct), .double(money),
            .double(differential),
        ]
    }
}

extension DetectionResult {
    /// The signals of one market and side.
    func signals(_ market: Market, _ side: SharpSide, game: String = "777003") -> [SharpSignal] {
        signals.filter { $0.game.gameKey == game && $0.market == market && $0.side == side }
    }
}
