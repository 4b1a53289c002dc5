import Foundation

/// A game on the MLB schedule: the canonical `gamePk` and when and whether it is played.
///
/// ```swift
/// let game = ScheduledGame(
///     gamePk: 777003, gameTime: Date(timeIntervalSince1970: 1_750_201_800),
///     status: "Scheduled", away: .phi, home: .nym)
/// game.isPlayable   // true
/// ```
public struct ScheduledGame: Hashable, Sendable, Codable {
    /// The MLB Stats API game id, the canonical id of a game.
    public var gamePk: Int
    /// Scheduled first pitch (UTC).
    public var gameTime: Date
    /// `status.detailedState`, e.g. `Scheduled`, `Pre-Game`, `In Progress`, `Final`, `Postponed`.
    public var status: String
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// The US calendar day the schedule files the game under (`dates[].date`), when known.
    public var slateDate: SlateDate?
    /// 1 or 2 for the games of a doubleheader (`gameNumber`), when the schedule says.
    public var gameNumber: Int?

    /// Creates a scheduled game.
    public init(
        gamePk: Int, gameTime: Date, status: String, away: Team, home: Team,
        slateDate: SlateDate? = nil, gameNumber: Int? = nil
    ) {
        self.gamePk = gamePk
        self.gameTime = gameTime
        self.status = status
        self.away = away
        self.home = home
        self.slateDate = slateDate
        self.gameNumber = gameNumber
    }

    /// Detailed states (and their prefixes, e.g. `Suspended: Rain`) of games that will not be
    /// played from their scheduled start.
    public static let unplayableStates = [
        "Postponed", "Final", "Cancelled", "Canceled", "Suspended", "Completed Early",
        "Game Over", "Forfeit",
    ]

    /// False for games that are postponed, finished, cancelled or suspended: no pre-game work.
    public var isPlayable: Bool {
        !Self.unplayableStates.contains { status.hasPrefix($0) }
    }

    /// `AWAY@HOME` with team codes, e.g. `"PHI@NYM"`.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }
}
