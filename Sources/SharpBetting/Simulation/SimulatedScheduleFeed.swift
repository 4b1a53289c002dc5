import Foundation

/// The MLB Stats API schedule of a simulated slate: `dates[].games[]` with `gamePk`,
/// `gameDate`, `status.detailedState`, team names and `gameNumber`.
enum SimulatedScheduleFeed {
    static func payload(_ slate: SimulatedSlate, at index: Int) -> Data {
        let now = slate.captureTimes[index]
        let games = slate.games.map { game in
            let state = game.status(at: now)
            return Game(
                gamePk: game.gamePk, gameDate: SimulatedClock.iso(game.startTime), officialDate: slate.date.description,
                status: Status(abstractGameState: ["Final": "Final", "In Progress": "Live"][state] ?? "Preview",
                               detailedState: state),
                teams: Teams(away: Side(team: Name(name: game.away.fullName)), home: Side(team: Name(name: game.home.fullName))),
                doubleHeader: slate.games.filter { $0.away == game.away && $0.home == game.home }.count > 1 ? "S" : "N",
                gameNumber: game.gameNumber)
        }
        return SimulatedJSON.encode(Schedule(
            totalGames: games.count, dates: [Day(date: slate.date.description, totalGames: games.count, games: games)]))
    }

    /// The schedule once every game is over: `Final` with both scores (`Postponed` without).
    static func finals(_ slate: SimulatedSlate) -> Data {
        let scores = Dictionary(uniqueKeysWithValues: slate.outcomes.map { ($0.gameId, $0) })
        let games = slate.games.map { game in
            let score = scores[game.gamePk]
            return Game(
                gamePk: game.gamePk, gameDate: SimulatedClock.iso(game.startTime), officialDate: slate.date.description,
                status: Status(abstractGameState: score == nil ? "Preview" : "Final", detailedState: score == nil ? "Postponed" : "Final"),
                teams: Teams(away: Side(team: Name(name: game.away.fullName), score: score?.awayScore),
                             home: Side(team: Name(name: game.home.fullName), score: score?.homeScore)),
                doubleHeader: slate.games.filter { $0.away == game.away && $0.home == game.home }.count > 1 ? "S" : "N",
                gameNumber: game.gameNumber)
        }
        return SimulatedJSON.encode(Schedule(
            totalGames: games.count, dates: [Day(date: slate.date.description, totalGames: games.count, games: games)]))
    }

    private struct Schedule: Encodable { var totalGames: Int; var dates: [Day] }
    private struct Day: Encodable { var date: String; var totalGames: Int; var games: [Game] }
    private struct Game: Encodable {
        var gamePk: Int
        var gameDate: String
        var officialDate: String
        var status: Status
        var teams: Teams
        var doubleHeader: String
        var gameNumber: Int
    }
    private struct Status: Encodable { var abstractGameState: String; var detailedState: String }
    private struct Teams: Encodable { var away: Side; var home: Side }
    private struct Side: Encodable { var team: Name; var score: Int? = nil }
    private struct Name: Encodable { var name: String }
}
