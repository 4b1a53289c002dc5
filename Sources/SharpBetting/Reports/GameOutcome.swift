/// A game's final score.
///
/// ```swift
/// let outcome = GameOutcome(gameId: 777003, gameDate: SlateDate("2025-06-17")!, away: .phi, home: .nym,
///                           awayScore: 2, homeScore: 4, status: "Final")
/// outcome.totalRuns   // 6
/// ```
public struct GameOutcome: Sendable, Hashable, Codable {
    /// The MLB gamePk.
    public var gameId: Int
    /// The slate day.
    public var gameDate: SlateDate
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// Runs by the away team.
    public var awayScore: Int
    /// Runs by the home team.
    public var homeScore: Int
    /// The schedule's detailed state, e.g. `Final`.
    public var status: String

    /// Creates an outcome.
    public init(gameId: Int, gameDate: SlateDate, away: Team, home: Team, awayScore: Int, homeScore: Int, status: String) {
        self.gameId = gameId
        self.gameDate = gameDate
        self.away = away
        self.home = home
        self.awayScore = awayScore
        self.homeScore = homeScore
        self.status = status
    }

    /// Runs by both teams.
    public var totalRuns: Int { awayScore + homeScore }

    /// The outcome of `game` among `outcomes`: by gamePk, else the only one with its teams
    /// (a doubleheader's two games need the gamePk).
    public static func of(_ game: SignalGame, in outcomes: [GameOutcome]) -> GameOutcome? {
        if let id = game.gameId, let found = outcomes.first(where: { $0.gameId == id }) { return found }
        let same = outcomes.filter { $0.away == game.away && $0.home == game.home }
        return same.count == 1 ? same[0] : nil
    }

    /// `PHI 2 @ NYM 4`.
    public var scoreLine: String { "\(away.rawValue) \(awayScore) @ \(home.rawValue) \(homeScore)" }
}
