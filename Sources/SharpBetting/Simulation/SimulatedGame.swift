import Foundation

/// One game of a simulated slate: who plays when, and the story its betting follows.
///
/// Percentages and prices are functions of the game and of `progress` (0 when the board opens,
/// 1 at first pitch), so any capture can be generated on its own.
///
/// ```swift
/// let game = slate.games[0]
/// game.homeOrOverMoney(.moneyline, progress: 1) - game.homeOrOverBets(.moneyline, progress: 1)
/// // the closing differential (≥ 15 for a sharp-home story)
/// ```
public struct SimulatedGame: Hashable, Sendable {
    /// The schedule's id.
    public var gamePk: Int
    /// Pinnacle's matchup id.
    public var matchupId: Int
    /// The away team.
    public var away: Team
    /// The home team.
    public var home: Team
    /// Scheduled first pitch (UTC).
    public var startTime: Date
    /// 1 or 2 in a doubleheader, else 1.
    public var gameNumber: Int
    /// Whether the game is postponed (on the schedule, absent from betting payloads).
    public var isPostponed: Bool
    /// What happens to its betting.
    public var story: SimulatedStory
    /// Home win probability when the board opens.
    public var openingHomeProbability: Double
    /// Home tickets share (moneyline) when the board opens.
    public var publicHomeBets: Double
    /// The total when the board opens.
    public var openingTotal: Double
    /// Over tickets share when the board opens.
    public var publicOverBets: Double
    /// The closing size of the story's differential, in points.
    public var strength: Double
    /// Whether the total moves up half a run (with the public) past mid-day.
    public var totalMoves: Bool

    /// The schedule's `detailedState` at `date`.
    public func status(at date: Date) -> String {
        if isPostponed { return "Postponed" }
        let minutes = date.timeIntervalSince(startTime) / 60
        if minutes >= 180 { return "Final" }
        if minutes >= 0 { return "In Progress" }
        if minutes >= -45 { return "Pre-Game" }
        return "Scheduled"
    }

    /// Home win probability at `progress`: sharp money moves it toward its side.
    public func homeProbability(progress: Double) -> Double {
        switch story {
        case .sharpMoneyline(let side): openingHomeProbability + (side == .home ? 0.06 : -0.06) * progress
        default: openingHomeProbability
        }
    }

    /// The total at `progress`.
    public func total(progress: Double) -> Double {
        totalMoves && progress >= 0.5 ? openingTotal + 0.5 : openingTotal
    }

    /// Tickets on home (or the over) at `progress`, before a book's own lean.
    public func homeOrOverBets(_ market: Market, progress: Double) -> Double {
        switch (market, story) {
        case (.total, _): return publicOverBets
        case (.moneyline, .sharpMoneyline(let side)), (.spread, .sharpMoneyline(let side)):
            return side == .home ? min(publicHomeBets, 32) : max(publicHomeBets, 68)
        case (_, .publicSide(let side)): return side == .home ? 80 : 20
        default: return publicHomeBets
        }
    }

    /// Money on home (or the over) at `progress`.
    public func homeOrOverMoney(_ market: Market, progress: Double) -> Double {
        let bets = homeOrOverBets(market, progress: progress)
        let growing = strength * pow(progress, 1.5)
        switch (market, story) {
        case (.moneyline, .sharpMoneyline(let side)), (.spread, .sharpMoneyline(let side)):
            return bets + (side == .home ? growing : -growing)
        case (.total, .sharpUnder): return bets - growing
        case (.moneyline, .publicSide(let side)): return side == .home ? 87 : 13
        default: return bets + (strength / 10 - 1.5)
        }
    }

    /// `AWAY@HOME`.
    public var matchup: String { "\(away.rawValue)@\(home.rawValue)" }
}
