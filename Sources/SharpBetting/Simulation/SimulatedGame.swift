import Foundation

/// One game of a simulated slate: who plays when, and the story its betting follows.
///
/// Percentages and prices are functions of the game and of `progress` (0 when the board opens,
/// 1 at T−5 and after), so any capture can be generated on its own. In the last five minutes
/// (from T−5 to first pitch: the **close**) every line moves once more by the game's closing
/// shifts — toward the sharp side by the simulator's seeded closing move, plus noise both ways —
/// so a pick made at T−5 has a known closing-line value.
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
    /// How much the home team's fair win probability moves at the close (after T−5): toward
    /// the sharp side of the moneyline and run line by the closing move, plus noise. 0.02 is 2 points.
    public var closingHomeShift: Double = 0
    /// How much the over's fair probability moves at the close: toward the under of a sharp-under
    /// story by the closing move, plus noise.
    public var closingOverShift: Double = 0

    /// The schedule's `detailedState` at `date`.
    public func status(at date: Date) -> String {
        if isPostponed { return "Postponed" }
        let minutes = date.timeIntervalSince(startTime) / 60
        if minutes >= 180 { return "Final" }
        if minutes >= 0 { return "In Progress" }
        if minutes >= -45 { return "Pre-Game" }
        return "Scheduled"
    }

    /// Home win probability at `progress`: sharp money moves it toward its side; `closed` (a
    /// capture after T−5) adds the closing shift.
    public func homeProbability(progress: Double, closed: Bool = false) -> Double {
        let open: Double
        switch story {
        case .sharpMoneyline(let side): open = openingHomeProbability + (side == .home ? 0.06 : -0.06) * progress
        default: open = openingHomeProbability
        }
        return min(0.9, max(0.1, open + (closed ? closingHomeShift : 0)))
    }

    /// The home team's run-line handicap: −1.5 for the opening favourite, +1.5 for the underdog
    /// (it does not flip during the day, so a pick's line is still listed at the close).
    public var homeSpreadPoints: Double { openingHomeProbability > 0.5 ? -1.5 : 1.5 }

    /// The fair probability that the home side covers its run line: a favourite at −1.5 covers
    /// about 18 points less often than it wins, an underdog at +1.5 about 18 more.
    public func homeCoverProbability(progress: Double, closed: Bool = false) -> Double {
        let p = homeProbability(progress: progress, closed: closed)
        return min(0.9, max(0.1, p + (homeSpreadPoints < 0 ? -0.18 : 0.18)))
    }

    /// The over's fair probability at the total: even, plus the closing shift once `closed`.
    public func overProbability(closed: Bool = false) -> Double {
        min(0.9, max(0.1, 0.5 + (closed ? closingOverShift : 0)))
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
