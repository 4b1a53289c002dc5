/// A signal's confidence, 0–100, with its label and the five parts it was weighed from
/// (each part 0–100).
///
/// ```swift
/// let score = ConfidenceModel(config: DetectionConfig()).score(
///     strength: 25, reliability: 80, record: 50, freshness: 100, timing: 100)
/// print(score.value, score.label)   // 75.0 high (0.4·77.5 + 0.3·80 + 0.2·50 + 5 + 5)
/// ```
public struct ConfidenceScore: Sendable, Hashable, Codable {
    /// The weighted score, 0–100.
    public var value: Double
    /// The score in words.
    public var label: ConfidenceLabel
    /// The signal part (piecewise linear in strength).
    public var signal: Double
    /// The source-reliability part.
    public var sourceReliability: Double
    /// The strategy-record part.
    public var strategyRecord: Double
    /// The freshness part.
    public var freshness: Double
    /// The timing part.
    public var timing: Double

    /// Creates a score from its parts.
    public init(value: Double, label: ConfidenceLabel, signal: Double, sourceReliability: Double,
                strategyRecord: Double, freshness: Double, timing: Double) {
        self.value = value
        self.label = label
        self.signal = signal
        self.sourceReliability = sourceReliability
        self.strategyRecord = strategyRecord
        self.freshness = freshness
        self.timing = timing
    }
}
