import Foundation

/// The Wilson score interval of a proportion: where the true hit rate lies, at 95% by default,
/// given `wins` out of `trials`. Unlike `p ± 1.96·√(p(1−p)/n)` it stays inside 0…1 and is
/// honest for small samples (3 wins of 3 is not "100% ± 0").
///
/// ```swift
/// let interval = WilsonInterval(wins: 56, trials: 100)
/// interval.low    // 0.4622
/// interval.high   // 0.6532
/// WilsonInterval(wins: 0, trials: 0).low   // 0 (no information: 0…1)
/// ```
public struct WilsonInterval: Sendable, Hashable, Codable {
    /// The lower bound, 0…1.
    public var low: Double
    /// The upper bound, 0…1.
    public var high: Double

    /// The interval of `wins` in `trials` at `z` standard errors (1.96: 95%).
    public init(wins: Int, trials: Int, z: Double = 1.96) {
        guard trials > 0 else {
            (low, high) = (0, 1)
            return
        }
        let n = Double(trials), p = Double(wins) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        (low, high) = (max(0, centre - half), min(1, centre + half))
    }

    /// Whether `value` lies in the interval.
    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}
