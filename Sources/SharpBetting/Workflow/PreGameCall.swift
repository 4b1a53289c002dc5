import Foundation

/// One game's pre-game call: the game, and how many minutes before its first pitch it runs
/// (30, 15 or 5).
///
/// ```swift
/// let call = PreGameCall(game: game, minutesBefore: 5)
/// call.runAt      // first pitch − 5 minutes
/// call.isFinal    // true: the call that alerts
/// ```
public struct PreGameCall: Sendable, Hashable {
    /// The game.
    public var game: ScheduledGame
    /// Minutes before first pitch.
    public var minutesBefore: Int

    /// Creates a call.
    public init(game: ScheduledGame, minutesBefore: Int) {
        self.game = game
        self.minutesBefore = minutesBefore
    }

    /// When the call runs.
    public var runAt: Date { game.gameTime.addingTimeInterval(-Double(minutesBefore) * 60) }

    /// The last call before first pitch (T−5), the one that alerts.
    public var isFinal: Bool { minutesBefore <= PreGameSchedulePlanner.alertMinutesBefore }

    /// `T-5 PHI@NYM`.
    public var label: String { "T-\(minutesBefore) \(game.matchup)" }
}
