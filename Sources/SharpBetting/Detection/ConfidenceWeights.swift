/// How much each part counts in a confidence score; DOMAIN.md's defaults add up to 1.
///
/// ```swift
/// var weights = ConfidenceWeights()   // 0.40 / 0.30 / 0.20 / 0.05 / 0.05
/// weights.strategyRecord = 0.25
/// ```
public struct ConfidenceWeights: Sendable, Hashable, Codable {
    /// Weight of the signal part (the strength of the differential or rule).
    public var signal: Double = 0.40
    /// Weight of the reliability of the sources that fired.
    public var sourceReliability: Double = 0.30
    /// Weight of the rules' historical record.
    public var strategyRecord: Double = 0.20
    /// Weight of how fresh the snapshot is.
    public var freshness: Double = 0.05
    /// Weight of how close to first pitch the snapshot was taken.
    public var timing: Double = 0.05

    /// DOMAIN.md's weights.
    public init() {}
}
