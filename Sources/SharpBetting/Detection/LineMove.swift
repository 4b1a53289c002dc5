import Foundation

/// How one book's line of one market moved between its first and its latest snapshot, and
/// whether that is reverse line movement.
struct LineMove: Sendable, Hashable {
    var gameKey: String
    var market: Market
    var origin: SplitOrigin
    /// Movement toward the home (or over) side: moneyline cents, or points.
    var towardHomeOrOver: Double
    var fromLine: Double?
    var toLine: Double?
    var differential: Double
    var homeOrOverBetsPct: Double
    var awayOrUnderBetsPct: Double
    var isReverse: Bool

    /// Movement toward `side` (negative: away from it).
    func toward(_ side: SharpSide) -> Double { side.isHomeOrOver ? towardHomeOrOver : -towardHomeOrOver }
}
