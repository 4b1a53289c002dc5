import Foundation

/// Turns a signal's strength and context into a ``ConfidenceScore``:
/// `0.40·signal + 0.30·source reliability + 0.20·strategy record + 0.05·freshness + 0.05·timing`
/// (weights, curve and cut-offs from ``DetectionConfig``).
///
/// ```swift
/// let model = ConfidenceModel(config: DetectionConfig())
/// model.signalPart(strength: 20)                             // 70
/// model.freshness(snapshotAt: t, reference: t + 120)         // 100 (2 min old)
/// model.score(strength: 30, reliability: 85, record: 50, freshness: 100, timing: 100).value
/// // 0.4·85 + 0.3·85 + 0.2·50 + 5 + 5 = 79.5
/// ```
public struct ConfidenceModel: Sendable {
    /// The configuration it reads weights, curve and cut-offs from.
    public let config: DetectionConfig

    /// A model over `config`.
    public init(config: DetectionConfig) { self.config = config }

    /// The signal part, 0–100, for a strength (`|d|` or a rule's equivalent).
    public func signalPart(strength: Double) -> Double {
        config.signalCurve.value(at: strength)
    }

    /// The reliability, 0–100, of the most reliable of `origins` (looked up as `source:book`,
    /// then `source`, then the default).
    public func reliability(of origins: [SplitOrigin]) -> Double {
        origins.map { origin in
            config.sourceReliability[origin.key] ?? config.sourceReliability[origin.source]
                ?? config.defaultSourceReliability
        }.max() ?? config.defaultSourceReliability
    }

    /// The best record, 0–100, among `rules`.
    public func record(of rules: [DetectionRule]) -> Double {
        rules.map { config.strategyRecord[$0] ?? config.defaultStrategyRecord }.max() ?? config.defaultStrategyRecord
    }

    /// 100 when the snapshot is at most `freshFullMinutes` old at `reference`, 0 from
    /// `staleMinutes`, straight in between.
    public func freshness(snapshotAt: Date, reference: Date) -> Double {
        let minutes = max(0, reference.timeIntervalSince(snapshotAt) / 60)
        return descending(minutes, full: config.freshFullMinutes, zero: config.staleMinutes)
    }

    /// 100 when the snapshot was taken at most `timingFullMinutes` before first pitch, 0 from
    /// `timingZeroMinutes`, straight in between; `unknownTimingScore` without a first pitch.
    public func timing(snapshotAt: Date, firstPitch: Date?) -> Double {
        guard let firstPitch else { return config.unknownTimingScore }
        let minutes = max(0, firstPitch.timeIntervalSince(snapshotAt) / 60)
        return descending(minutes, full: config.timingFullMinutes, zero: config.timingZeroMinutes)
    }

    /// The weighted score of the five parts.
    public func score(strength: Double, reliability: Double, record: Double, freshness: Double,
                      timing: Double) -> ConfidenceScore {
        let weights = config.confidenceWeights
        let signal = signalPart(strength: strength)
        let raw = weights.signal * signal + weights.sourceReliability * reliability
            + weights.strategyRecord * record + weights.freshness * freshness + weights.timing * timing
        let value = min(100, max(0, (raw * 100).rounded() / 100))
        return ConfidenceScore(
            value: value, label: ConfidenceLabel(score: value, thresholds: config.labelThresholds),
            signal: signal, sourceReliability: reliability, strategyRecord: record,
            freshness: freshness, timing: timing)
    }

    private func descending(_ minutes: Double, full: Double, zero: Double) -> Double {
        if minutes <= full { return 100 }
        if minutes >= zero || zero <= full { return 0 }
        return 100 * (zero - minutes) / (zero - full)
    }
}
