import Foundation

/// Arithmetic on American prices (`+130`, `−142`): their decimal odds, which of two is better
/// for the bettor, and the worst price still worth taking at a win probability.
///
/// A price `+p` pays `p` per 100 staked (decimal `1 + p/100`); `−p` pays `100·100/p` (decimal
/// `1 + 100/p`). On the **cents** scale (`+p → p − 100`, `−p → −p + 100`) a larger number is
/// always the better price, so −105 → +105 is 10 cents.
///
/// ```swift
/// AmericanPrice.decimal(130)                                   // 2.3
/// AmericanPrice.fromDecimal(1.7)                               // -143
/// AmericanPrice.cents(-105) < AmericanPrice.cents(105)         // true
/// AmericanPrice.breakEven(probability: 0.4328, minimumEdge: 0) // 132: +131 is short of even money's worth
/// ```
public enum AmericanPrice {
    /// Decimal odds of `price` (stake included): `+130 → 2.30`, `−150 → 1.667`.
    public static func decimal(_ price: Double) -> Double {
        price >= 100 ? 1 + price / 100 : 1 + 100 / abs(price)
    }

    /// The whole American price of decimal odds `decimal` (> 1): `2.30 → +130`, `1.70 → −143`.
    public static func fromDecimal(_ decimal: Double) -> Double {
        decimal >= 2 ? (100 * (decimal - 1)).rounded() : -(100 / (decimal - 1)).rounded()
    }

    /// The price on a continuous scale on which larger is better for the bettor.
    public static func cents(_ price: Double) -> Double { price >= 100 ? price - 100 : price + 100 }

    /// The **break-even price**: the worst whole American price at which a bet on a side that
    /// wins with `probability` still has an edge of at least `minimumEdge` (`p · decimal − 1`).
    /// Any price at least this good (``cents(_:)``) is a bet; nil when `probability` is not in (0, 1).
    ///
    /// Exactly: decimal odds `d* = (1 + minimumEdge) / p`, as the nearest whole American price
    /// that pays at least `d*` (so the break-even price itself always qualifies).
    public static func breakEven(probability p: Double, minimumEdge: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        let needed = (1 + minimumEdge) / p
        guard needed > 1 else { return nil }
        let tolerance = 1e-9
        if needed >= 2 { return max(100, (100 * (needed - 1) - tolerance).rounded(.up)) }
        let price = -(100 / (needed - 1) + tolerance).rounded(.down)
        return price >= -100 ? 100 : price
    }
}
