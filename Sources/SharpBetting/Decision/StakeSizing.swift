/// How much to stake on a signal, from a bankroll: a **flat** stake (a fixed share of the
/// bankroll on every signal) and a **fractional Kelly** stake from the edge over Pinnacle's
/// no-vig probability.
///
/// Kelly's fraction of the bankroll at decimal odds `d` (net odds `b = d − 1`) with win
/// probability `p` is `f* = (b·p − (1 − p)) / b = edge / b`, where `edge = p·d − 1` is
/// ``SignalPricing/edge``. The stake is `bankroll · kellyFraction · f*`, and 0 when the edge is
/// not positive (no bet); without a fair probability there is no Kelly stake. Full Kelly
/// (`kellyFraction` 1) is famously volatile; a quarter is the common choice.
///
/// ```swift
/// let sizing = StakeSizing(bankroll: 1000, kellyFraction: 0.25)
/// sizing.flatStake                                           // 10 (1% of 1000)
/// sizing.kellyStake(price: 130, fairProbability: 0.4733)     // ≈ 17.04: f* = 0.0886 / 1.3 = 0.0681
/// sizing.kellyStake(price: -150, fairProbability: 0.55)      // 0: edge −8.3%, no bet
/// ```
public struct StakeSizing: Sendable, Hashable, Codable {
    /// The bankroll, in dollars.
    public var bankroll: Double
    /// The share of full Kelly staked (0.25: quarter Kelly).
    public var kellyFraction: Double
    /// The share of the bankroll of a flat stake (0.01: one unit of 1%).
    public var flatFraction: Double

    /// Sizing from `bankroll`, staking `kellyFraction` of Kelly or `flatFraction` flat.
    public init(bankroll: Double, kellyFraction: Double = 0.25, flatFraction: Double = 0.01) {
        self.bankroll = bankroll
        self.kellyFraction = kellyFraction
        self.flatFraction = flatFraction
    }

    /// The flat stake.
    public var flatStake: Double { bankroll * flatFraction }

    /// Full Kelly's share of the bankroll at American `price` with win probability
    /// `fairProbability` (negative when the bet has no edge).
    public static func kellyShare(price: Double, fairProbability p: Double) -> Double {
        let net = price >= 100 ? price / 100 : 100 / abs(price)
        return (net * p - (1 - p)) / net
    }

    /// The fractional Kelly stake, 0 without an edge, nil without a fair probability.
    public func kellyStake(price: Double, fairProbability: Double?) -> Double? {
        guard let p = fairProbability else { return nil }
        return bankroll * kellyFraction * max(0, Self.kellyShare(price: price, fairProbability: p))
    }

    /// The stake to put on `decision`: fractional Kelly at its best price for a bet, 0 for a
    /// pass; the flat stake beside it either way.
    public func stake(for decision: BetDecision) -> RecommendedStake {
        var amount = 0.0
        if decision.isBet, let best = decision.best {
            amount = kellyStake(price: best.price, fairProbability: decision.fairProbability) ?? 0
        }
        return RecommendedStake(amount: amount, flat: flatStake, kellyFraction: kellyFraction)
    }

    /// Kelly stakes in **units** (one unit = the flat stake), the same for any bankroll: what the
    /// backtest reports beside its flat-unit results.
    public static func units(kellyFraction: Double = 0.25) -> StakeSizing {
        StakeSizing(bankroll: 100, kellyFraction: kellyFraction, flatFraction: 0.01)
    }
}
