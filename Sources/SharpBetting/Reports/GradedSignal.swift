/// A signal with its result: win/loss/push at its price (−110 when unknown), the call that was
/// made on it (BET or PASS), the **flat-unit** result (one unit staked on every signal) and,
/// with a bankroll, the result of the **recommended stake** (fractional Kelly on a bet, nothing
/// on a pass) — the one stake the report shows and grades.
///
/// ```swift
/// var graded = SignalGrader.grade(signal, outcome: outcome)
/// print(graded.result, graded.units)   // win 1.3 (a unit at +130)
/// graded.size(with: StakeSizing(bankroll: 1000))
/// print(graded.stake?.amount ?? 0, graded.stakeProfit ?? 0)   // 5.43 7.49 for a BET at +138
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
    /// BET or PASS: the signal's own (made at detection), or decided when graded.
    public var decision: BetDecision
    /// Profit of one unit staked at ``price`` (a win at +130: 1.3; a loss: −1; push and pending: 0).
    public var units: Double
    /// The recommended stake, when graded with a bankroll (``size(with:)``).
    public var stake: RecommendedStake?
    /// Profit of ``stake`` (its amount times ``units``), when graded with a bankroll.
    public var stakeProfit: Double?
    /// The final score, when known (`PHI 2 @ NYM 4`).
    public var finalScore: String?

    /// Creates a graded signal; without `decision`, the signal's own (a PASS with nothing
    /// known when it has none).
    public init(signal: SharpSignal, result: BetResult, price: Double, units: Double, finalScore: String?,
                priceSource: String = SignalGrader.assumedSource, decision: BetDecision? = nil) {
        self.signal = signal
        self.result = result
        self.price = price
        self.priceSource = priceSource
        self.units = units
        self.finalScore = finalScore
        self.decision = decision ?? signal.decision ?? BetDecision(pricing: SignalPricing(best: nil, fairProbability: nil))
    }

    /// Whether the call was BET.
    public var isBet: Bool { decision.isBet }

    /// Sizes the recommended stake from `sizing` and grades it: the stake's profit is its amount
    /// times ``units``.
    public mutating func size(with sizing: StakeSizing) {
        let stake = sizing.stake(for: decision)
        self.stake = stake
        stakeProfit = stake.amount * units
    }
}
