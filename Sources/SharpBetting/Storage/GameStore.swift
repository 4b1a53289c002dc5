import DuckCoordinator
import DuckDBKit
import Foundation

/// Keeps the `games` table in step with the MLB schedule: one row per `gamePk`, inserted when
/// new and updated when its time, status, teams or game number changed.
///
/// The upsert is one `INSERT … ON CONFLICT (game_id) DO UPDATE … WHERE` statement (no read
/// first): it changes a stored row only when a column differs, and never goes back in time: a
/// row last written from a later capture (`updated_at`) is left alone, so replaying an old
/// capture does not undo a "Final". The rows it changed are the games written.
///
/// ```swift
/// let store = GameStore(database: coordinator)
/// let result = try await store.upsert(schedule, seenAt: capturedAt)
/// print(result.written, "written,", result.unchanged, "unchanged")
/// let today = try await store.games(on: SlateDate("2025-06-17")!)
/// ```
public struct GameStore: Sendable {
    /// The database.
    public let database: any DatabaseCoordinating

    /// A store writing through `database`.
    public init(database: any DatabaseCoordinating) { self.database = database }

    /// What an ``upsert(_:seenAt:)`` did.
    public struct Result: Sendable, Equatable {
        /// Games inserted or updated.
        public var written: Int
        /// Games already stored as they are (or stored from a later capture).
        public var unchanged: Int
    }

    /// Inserts new games and updates changed ones, in one statement.
    ///
    /// - Parameter seenAt: when the schedule was fetched; stored as `updated_at`.
    public func upsert(_ games: [ScheduledGame], seenAt: Date) async throws -> Result {
        var job = StoreJob()
        let upsert = Self.upsert(games, seenAt: seenAt)
        let statements = job.add(upsert.statements)
        let changed = try await job.run(on: database, priority: .normal)
        return upsert.result(changed.total(of: statements))
    }

    /// The statements upserting `games` seen at `seenAt` (the last listing of a `gamePk` wins)
    /// and how to read their count.
    static func upsert(_ games: [ScheduledGame], seenAt: Date) -> (statements: [WriteJob.Statement], result: @Sendable (Int) -> Result) {
        var latest: [Int: ScheduledGame] = [:]
        for game in games { latest[game.gamePk] = game }  // the last listing of a gamePk wins
        let rows = latest.keys.sorted().map { values(latest[$0]!) + [.timestampTZ(seenAt)] }
        let changedColumns = ["game_date", "game_time", "away", "home", "status", "game_number"]
        let statements = MultiRowInsert(table: "games", columns: columns, suffix: """
            ON CONFLICT (game_id) DO UPDATE SET \((changedColumns + ["updated_at"]).map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
            WHERE excluded.updated_at >= games.updated_at
              AND (\(changedColumns.map { "games.\($0) IS DISTINCT FROM excluded.\($0)" }.joined(separator: " OR ")))
            """).statements(rows)
        let count = latest.count
        return (statements, { written in Result(written: written, unchanged: count - written) })
    }

    /// The columns written, in row order.
    static let columns = ["game_id", "game_date", "game_time", "away", "home", "status", "game_number", "updated_at"]

    /// The stored games of one slate day, ordered by first pitch then `gamePk`.
    public func games(on slateDate: SlateDate) async throws -> [ScheduledGame] {
        let rows = try await database.read("""
            SELECT game_id, game_date, game_time, away, home, status, game_number FROM games
            WHERE game_date = $1 ORDER BY game_time, game_id
            """, [.date(slateDate.duckDBDate)])
        return try rows.compactMap { row in
            guard let away = Team(rawValue: try row["away"]), let home = Team(rawValue: try row["home"]) else {
                return nil
            }
            return ScheduledGame(
                gamePk: try row["game_id"], gameTime: try row["game_time"], status: try row["status"],
                away: away, home: home, slateDate: SlateDate(try row["game_date", as: DuckDBDate.self]),
                gameNumber: try row["game_number", as: Int?.self])
        }
    }

    /// The columns of `game` before `updated_at`, in insert order.
    static func values(_ game: ScheduledGame) -> [DuckDBValue] {
        let day = game.slateDate ?? GameMatcher.day(of: game)
        return [
            .int(Int64(game.gamePk)),
            day.map { .date($0.duckDBDate) } ?? .date(DuckDBDate(game.gameTime)),
            .timestampTZ(DuckDBTimestamp(micros: DuckDBTimestampMicros.of(game.gameTime))),
            .string(game.away.rawValue),
            .string(game.home.rawValue),
            .string(game.status),
            game.gameNumber.map { .int(Int64($0)) } ?? .null,
        ]
    }
}
