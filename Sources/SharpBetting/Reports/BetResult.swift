/// How a signal's bet ended.
///
/// ```swift
/// BetResult.win.isSettled      // true
/// BetResult.pending.isSettled  // false
/// ```
public enum BetResult: String, Sendable, Hashable, Codable, CaseIterable {
    /// The side covered.
    case win
    /// The side did not.
    case loss
    /// Exactly on the line: stake returned.
    case push
    /// No final score yet (or the game was not played).
    case pending
    /// Cannot be graded (a spread or total without a known line).
    case ungradable

    /// Win or loss (the bets ROI and hit rate count).
    public var isSettled: Bool { self == .win || self == .loss }
}
