/// How a rule's backtested record becomes the 0–100 "strategy record" part of confidence
/// (weight 0.20): ROI mapped linearly around a neutral 50, shrunk toward 50 while the rule has
/// few graded bets.
///
/// `raw = clamp(50 + pointsPerROI · ROI, 0, 100)` (by default ROI +10% → 100, −10% → 0),
/// `record = 50 + n / (n + priorBets) · (raw − 50)` for `n` graded bets (by default a rule
/// needs 100 bets to move halfway to its raw score). No record: 50.
///
/// ```swift
/// let scale = StrategyRecordScale()
/// scale.score(bets: 0, roi: nil)       // 50
/// scale.score(bets: 100, roi: 0.10)    // 75
/// scale.score(bets: 900, roi: 0.10)    // 95
/// scale.score(bets: 300, roi: -0.20)   // 12.5
/// ```
public struct StrategyRecordScale: Sendable, Hashable, Codable {
    /// The score without a record (and of a break-even one).
    public var neutral: Double = 50
    /// Points per unit of ROI (500: +10% ROI is +50 points).
    public var pointsPerROI: Double = 500
    /// The prior's weight, in bets: with this many graded bets the record is halfway from
    /// ``neutral`` to its raw score.
    public var priorBets: Double = 100

    /// The default scale.
    public init() {}

    /// The record, 0–100, of `bets` graded bets at `roi`.
    public func score(bets: Int, roi: Double?) -> Double {
        guard let roi, bets > 0 else { return neutral }
        let raw = min(100, max(0, neutral + pointsPerROI * roi))
        let weight = Double(bets) / (Double(bets) + max(0, priorBets))
        return neutral + weight * (raw - neutral)
    }
}
