import Foundation

/// One book's latest split of a market, as evidence: bets and money on the home/over side and
/// the differential `d = money% − bets%`.
///
/// ```swift
/// let d = BookDifferential(origin: SplitOrigin(source: "vsin", book: "circa"), snapshotAt: t,
///                          homeOrOverBetsPct: 29, homeOrOverMoneyPct: 58, differential: 29)
/// d.side(threshold: 10, market: .moneyline)   // .home
/// ```
public struct BookDifferential: Sendable, Hashable, Codable {
    /// The source and book.
    public var origin: SplitOrigin
    /// When the snapshot was taken.
    public var snapshotAt: Date
    /// Bets on the home (or over) side, 0…100.
    public var homeOrOverBetsPct: Double
    /// Money on the home (or over) side, 0…100.
    public var homeOrOverMoneyPct: Double
    /// `money% − bets%` on the home (or over) side.
    public var differential: Double

    /// Creates an entry.
    public init(origin: SplitOrigin, snapshotAt: Date, homeOrOverBetsPct: Double, homeOrOverMoneyPct: Double,
                differential: Double) {
        self.origin = origin
        self.snapshotAt = snapshotAt
        self.homeOrOverBetsPct = homeOrOverBetsPct
        self.homeOrOverMoneyPct = homeOrOverMoneyPct
        self.differential = differential
    }

    /// The side `d` leans to when `|d| ≥ threshold`.
    public func side(threshold: Double, market: Market) -> SharpSide? {
        if differential >= threshold { return market.isTotal ? .over : .home }
        if differential <= -threshold { return market.isTotal ? .under : .away }
        return nil
    }
}
