/// Converts American prices to win probabilities.
///
/// A positive price `p` implies `100 / (p + 100)`; a negative price `p` implies
/// `−p / (−p + 100)`. Both sides of a market add up to more than 1 (the book's margin), so
/// ``normalized(_:_:)`` divides each by their sum.
///
/// ```swift
/// ImpliedProbability.raw(-189)              // 0.6540…
/// ImpliedProbability.normalized(-189, 173)  // (0.6420…, 0.3579…)
/// ```
public enum ImpliedProbability {
    /// The probability a single American price implies, or nil when `|price| < 100`
    /// (not an American price).
    public static func raw(_ price: Double) -> Double? {
        if price >= 100 { return 100 / (price + 100) }
        if price <= -100 { return -price / (-price + 100) }
        return nil
    }

    /// The two sides' probabilities with the margin removed, so they sum to 1; nil when either
    /// price is not an American price.
    public static func normalized(_ first: Double, _ second: Double) -> (Double, Double)? {
        guard let a = raw(first), let b = raw(second) else { return nil }
        let sum = a + b
        return (a / sum, b / sum)
    }
}
