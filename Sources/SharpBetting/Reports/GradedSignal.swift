/// A signal with its result: win/loss/push at its price (−110 when unknown) and the profit of
/// a $100 stake.
///
/// ```swift
/// let graded = SignalGrader.grade(signal, outcome: outcome)
/// print(graded.result, graded.profit)   // win 130.0
/// ```
public struct GradedSignal: Sendable, Hashable, Codable {
    /// The signal.
    public var signal: SharpSignal
    /// The result.
    public var result: BetResult
    /// The price graded at: the best known for the side, else −110.
    public var price: Double
    /// Where ``price`` was offered (`splits`, `sbd:betmgm`, `pinnacle`), or `assumed -110`.
    public var priceSource: String
    /// Pinnacle's no-vig probability of the side at the pick's line, when Pinnacle lists it.
    public var fairProbability: Double?
    /// Closing-line value in probability points (see ``KnownPrices/closingLineValue(for:now:)``),
    /// once the game has started.
    public var closingLineValue: Double?
    /// Edge of ``price`` over ``fairProbability`` (see ``SignalPricing/edge``).
    public var edge: Double? { SignalPricing(best: QuotedPrice(price: price, source: priceSource), fairProbability: fairProbability).edge }
    /// The backtested record of the signal's best rule (``StrategyPerformanceStore/ruleRecords()``),
    /// when there is one; confidence's strategy record part is ``ConfidenceScore/strategyRecord``.
    public var record: StrategyPerformance?
    /// The flat stake, when the report was made with a bankroll (``StakeSizing``).
    public var flatStake: Double?
    /// The fractional Kelly stake from ``edge``, when the report was made with a bankroll and
    /// Pinnacle lists the pick (0: no edge, no bet).
    public var kellyStake: Double?
    /// Profit of the stake (negative for a loss, 0 for push and pending).
    public var profit: Double
    /// The final score, when known (`PHI 2 @ NYM 4`).
    public var finalScore: String?

    /// Creates a graded signal.
    public init(signal: SharpSignal, result: BetResult, price: Double, profit: Double, finalScore: String?,
                priceSource: String = SignalGrader.assumedSource) {
        self.signal = signal
        self.result = result
        self.price = price
        self.priceSource = priceSource
        self.profit = profit
        self.finalScore = finalScore
    }
}
