import DuckCoordinator
import DuckDBKit
import Foundation

/// Keeps the `games` table in step with the MLB schedule: one row per `gamePk`, inserted when
/// new and updated when its time, status, teams or game number changed.
///
/// `bulkInsert` only appends, so the upsert runs as `INSERT … ON CONFLICT (game_id) DO UPDATE`
/// inside one transaction. An update never goes back in time: a row last written from a later
/// capture (`updated_at`) is left alone, so replaying an old capture does not undo a "Final".
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

    /// Inserts new games and updates changed ones, in one transaction.
    ///
    /// - Parameter seenAt: when the schedule was fetched; stored as `updated_at`.
    public func upsert(_ games: [ScheduledGame], seenAt: Date) async throws -> Result {
        var latest: [Int: ScheduledGame] = [:]
        for game in games { latest[game.gamePk] = game }  // the last listing of a gamePk wins
        guard !latest.isEmpty else { return Result(written: 0, unchanged: 0) }
        let stored = try await storedRows(ids: latest.keys.sorted())
        let seenMicros = DuckDBTimestampMicros.of(seenAt)
        let changed = latest.values.sorted { $0.gamePk < $1.gamePk }.filter { game in
            guard let row = stored[game.gamePk] else { return true }
            return row.updatedMicros <= seenMicros && row.values != Self.values(game)
        }
        if !changed.isEmpty {
            let rows = changed.map { Self.values($0) + [.timestampTZ(seenAt)] }
            try await database.transaction { tx in
                for row in rows {
                    try tx.execute("""
                        INSERT INTO games (game_id, game_date, game_time, away, home, status, game_number, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (game_id) DO UPDATE SET
                            game_date = excluded.game_date, game_time = excluded.game_time, away = excluded.away,
                            home = excluded.home, status = excluded.status, game_number = excluded.game_number,
                            updated_at = excluded.updated_at
                        WHERE excluded.updated_at >= games.updated_at
                        """, row)
                }
            }
        }
        return Result(written: changed.count, unchanged: latest.count - changed.count)
    }

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

    private func storedRows(ids: [Int]) async throws -> [Int: (values: [DuckDBValue], updatedMicros: Int64)] {
        let rows = try await database.read("""
            SELECT game_id, game_date, game_time, away, home, status, game_number, updated_at FROM games
            WHERE game_id IN (\(SQLQuery.placeholders(ids.count)))
            """, ids.map { .int(Int64($0)) })
        var result: [Int: (values: [DuckDBValue], updatedMicros: Int64)] = [:]
        for row in rows {
            let id: Int = try row["game_id"]
            let numberValue = row.value("game_number") ?? .null
            let values: [DuckDBValue] = [
                .int(Int64(id)), row.value("game_date") ?? .null, row.value("game_time") ?? .null,
                row.value("away") ?? .null, row.value("home") ?? .null, row.value("status") ?? .null,
                numberValue.isNull ? .null : .int(Int64(try row["game_number", as: Int.self])),
            ]
            result[id] = (values, try row["updated_at", as: DuckDBTimestamp.self].micros)
        }
        return result
    }
}
