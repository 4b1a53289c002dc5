import Foundation

/// The game a signal is about, as the splits table names it.
///
/// ```swift
/// let game = SignalGame(gameKey: "777003", gameId: 777003, gameDate: SlateDate("2025-06-17")!,
///                       away: .phi, home: .nym, firstPitch: nil)
/// game.matchup            // "PHI@NYM"
/// game.team(for: .home)   // .nym
/// ```
public struct SignalGame: Sendable, Hashable, Codable {
    /// `raw_mlb_betting_splits.game_key`: the gamePk as text, or `YYYY-MM-DD:AWY@HOM`.
    public var gameKey: String
    /// The MLB gamePk, when the split was matched to the schedule.
    public var gameId: Int?
    /// The slate day.
    public var gameDate: SlateDate
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// First pitch (UTC), when known.
    public var firstPitch: Date?

    /// Creates a game.
    public init(gameKey: String, gameId: Int?, gameDate: SlateDate, away: Team, home: Team, firstPitch: Date?) {
        self.gameKey = gameKey
        self.gameId = gameId
        self.gameDate = gameDate
        self.away = away
        self.home = home
        self.firstPitch = firstPitch
    }

    /// `AWAY@HOME`, e.g. `PHI@NYM`.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }

    /// The team a side names (nil for over/under).
    public func team(for side: SharpSide) -> Team? {
        switch side {
        case .home: home
        case .away: away
        case .over, .under: nil
        }
    }
}
