/// A backtest's record of the signals with one call — the bets, or the passes — in one market
/// (or all): the bets' at flat units and at fractional Kelly, the passes' at flat units as if
/// they had been bet, so the record shows what passing saved.
///
/// ```swift
/// let passes = report.decisions.first { $0.call == .pass && $0.performance.bucket.market == "all" }
/// print(passes?.performance.roi ?? 0)   // negative: passing saved money
/// ```
public struct DecisionPerformance: Sendable, Hashable, Codable {
    /// BET or PASS.
    public var call: BetDecision.Call
    /// The record (``StrategyBucket/all`` but for the market).
    public var performance: StrategyPerformance

    /// Creates a record.
    public init(call: BetDecision.Call, performance: StrategyPerformance) {
        self.call = call
        self.performance = performance
    }
}
