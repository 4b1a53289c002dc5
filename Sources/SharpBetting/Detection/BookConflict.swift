/// Books that disagree on the sharp side of one market: no signal is given for it.
///
/// ```swift
/// for conflict in result.conflicts {
///     print(conflict.game.matchup, conflict.market, conflict.description)
/// }
/// ```
public struct BookConflict: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The game.
    public var game: SignalGame
    /// The market.
    public var market: Market
    /// Every book's latest split of the market (those past the flag threshold disagree).
    public var differentials: [BookDifferential]
    /// The threshold the sides were read at.
    public var threshold: Double

    /// Creates a conflict.
    public init(game: SignalGame, market: Market, differentials: [BookDifferential], threshold: Double) {
        self.game = game
        self.market = market
        self.differentials = differentials
        self.threshold = threshold
    }

    /// E.g. `STL@CIN moneyline: VSIN circa home (d +15), VSIN dk away (d -14)`.
    public var description: String {
        let parts = differentials.compactMap { entry -> String? in
            guard let side = entry.side(threshold: threshold, market: market) else { return nil }
            return "\(entry.origin) \(side.rawValue) (d \(NumberText.signed(entry.differential)))"
        }
        return "\(game.matchup) \(market.rawValue): books disagree: " + parts.joined(separator: ", ")
    }
}
