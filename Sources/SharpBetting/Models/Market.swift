/// The betting market of a split or a price.
///
/// `spread` is MLB's run line (usually ±1.5); `total` is over/under runs, where "home or over"
/// fields hold the over side and "away or under" fields the under side.
///
/// ```swift
/// let market = Market(rawValue: "moneyline")   // .moneyline
/// market?.isTotal                               // false
/// ```
public enum Market: String, CaseIterable, Codable, Sendable, Hashable {
    /// Who wins the game.
    case moneyline
    /// The run line (a handicap, usually ±1.5 runs).
    case spread
    /// Over/under the total runs scored.
    case total

    /// Whether the two sides are over/under rather than home/away.
    public var isTotal: Bool { self == .total }
}
