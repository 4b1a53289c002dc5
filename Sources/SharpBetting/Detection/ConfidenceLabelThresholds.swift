/// The lowest score of each confidence label (DOMAIN.md: 90 / 75 / 60 / 45).
///
/// ```swift
/// var cuts = ConfidenceLabelThresholds()
/// cuts.high = 80
/// ```
public struct ConfidenceLabelThresholds: Sendable, Hashable, Codable {
    /// Lowest "very high" score.
    public var veryHigh: Double = 90
    /// Lowest "high" score.
    public var high: Double = 75
    /// Lowest "moderate" score.
    public var moderate: Double = 60
    /// Lowest "low" score.
    public var low: Double = 45

    /// DOMAIN.md's cut-offs.
    public init() {}
}
