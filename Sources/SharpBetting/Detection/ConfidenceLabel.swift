/// A confidence score in words: ≥ 90 very high, ≥ 75 high, ≥ 60 moderate, ≥ 45 low, else very
/// low (cut-offs in ``DetectionConfig/labelThresholds``).
///
/// ```swift
/// ConfidenceLabel(score: 77, thresholds: DetectionConfig().labelThresholds)   // .high
/// ConfidenceLabel.high.description                                           // "high"
/// ```
public enum ConfidenceLabel: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case veryLow = "very low"
    case low
    case moderate
    case high
    case veryHigh = "very high"

    /// The label of `score` under `thresholds`.
    public init(score: Double, thresholds: ConfidenceLabelThresholds = ConfidenceLabelThresholds()) {
        if score >= thresholds.veryHigh { self = .veryHigh }
        else if score >= thresholds.high { self = .high }
        else if score >= thresholds.moderate { self = .moderate }
        else if score >= thresholds.low { self = .low }
        else { self = .veryLow }
    }

    public var description: String { rawValue }
}
