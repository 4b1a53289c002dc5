import DuckCoordinator
import DuckDBKit
import Foundation

/// Loads final scores into `game_outcomes` from an MLB Stats API schedule payload
/// (`dates[].games[]` with `gamePk`, `status.detailedState`, `teams.away.team.name`,
/// `teams.away.score`, `teams.home…`). Only finished games with both scores load; the others
/// (postponed, in progress, scheduled) are listed as skipped with the reason. Loading again
/// updates the rows.
///
/// ```swift
/// let summary = try await OutcomeLoader().load(Data(contentsOf: url), into: db)
/// print(summary.loaded.count, "final scores;", summary.skipped)
/// ```
public struct OutcomeLoader: Sendable {
    /// Detailed states that mean the score is final.
    public static let finalStates = ["Final", "Game Over", "Completed Early"]

    /// What a load did.
    public struct Summary: Sendable, Hashable {
        /// Outcomes written.
        public var loaded: [GameOutcome]
        /// Games not loaded, with why (`777006 TOR@BAL: Postponed, no score`).
        public var skipped: [String]
        /// Entries that could not be read.
        public var errors: [ParseError]
    }

    /// A loader.
    public init() {}

    /// Reads the final scores of a payload without writing them.
    public func parse(_ data: Data) -> Summary {
        let schedule = ScheduleParser.parse(data)
        guard let root = JSONValue.decode(data), schedule.payloadError == nil else {
            return Summary(loaded: [], skipped: [], errors: schedule.errors)
        }
        var scores: [Int: (away: Int?, home: Int?)] = [:]
        for day in root["dates"]?.array ?? [] {
            for game in day["games"]?.array ?? [] {
                guard let pk = game["gamePk"]?.int else { continue }
                scores[pk] = (game["teams"]?["away"]?["score"]?.int, game["teams"]?["home"]?["score"]?.int)
            }
        }
        var summary = Summary(loaded: [], skipped: [], errors: schedule.errors)
        for game in schedule.values {
            let label = "\(game.gamePk) \(game.matchup)"
            let score = scores[game.gamePk]
            guard Self.finalStates.contains(where: { game.status.hasPrefix($0) }) else {
                summary.skipped.append("\(label): \(game.status)\(score?.away == nil ? ", no score" : "")")
                continue
            }
            guard let away = score?.away, let home = score?.home else {
                summary.skipped.append("\(label): \(game.status) without both scores")
                continue
            }
            guard let day = game.slateDate ?? SlateDate(String(UTCTimestamp.format(game.gameTime).prefix(10))) else { continue }
            summary.loaded.append(GameOutcome(gameId: game.gamePk, gameDate: day, away: game.away, home: game.home,
                                              awayScore: away, homeScore: home, status: game.status))
        }
        return summary
    }

    /// Reads the final scores of a payload and writes them to `game_outcomes` in one job (one
    /// multi-row upsert): every score of the payload lands, or (on an error) none does.
    @discardableResult
    public func load(_ data: Data, into db: some DatabaseCoordinating, now: Date = Date()) async throws -> Summary {
        let summary = parse(data)
        guard !summary.loaded.isEmpty else { return summary }
        var latest: [Int: GameOutcome] = [:]
        for outcome in summary.loaded { latest[outcome.gameId] = outcome }  // a game listed twice: the last
        let rows: [[DuckDBValue]] = latest.keys.sorted().map { id in
            let outcome = latest[id]!
            return [.int(Int64(outcome.gameId)), .date(outcome.gameDate.duckDBDate), .string(outcome.away.rawValue),
                    .string(outcome.home.rawValue), .int(Int64(outcome.awayScore)), .int(Int64(outcome.homeScore)),
                    .string(outcome.status), .timestampTZ(now)]
        }
        var job = StoreJob()
        job.add(MultiRowInsert(
            table: "game_outcomes",
            columns: ["game_id", "game_date", "away", "home", "away_score", "home_score", "status", "recorded_at"],
            suffix: """
                ON CONFLICT (game_id) DO UPDATE SET game_date = excluded.game_date, away = excluded.away,
                    home = excluded.home, away_score = excluded.away_score, home_score = excluded.home_score,
                    status = excluded.status, recorded_at = excluded.recorded_at
                """).statements(rows))
        _ = try await job.run(on: db, priority: .normal)
        return summary
    }

    /// The outcomes stored for `gameDate`.
    public static func outcomes(on gameDate: SlateDate, in db: some DatabaseCoordinating) async throws -> [GameOutcome] {
        try await db.read("""
            SELECT game_id, away, home, away_score, home_score, status FROM game_outcomes WHERE game_date = $1 ORDER BY game_id
            """, [.date(gameDate.duckDBDate)]).compactMap { row in
            guard let away = Team(rawValue: try row["away"]), let home = Team(rawValue: try row["home"]) else { return nil }
            return GameOutcome(gameId: try row["game_id"], gameDate: gameDate, away: away, home: home,
                               awayScore: try row["away_score"], homeScore: try row["home_score"], status: try row["status"])
        }
    }
}
