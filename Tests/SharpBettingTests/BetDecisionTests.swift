import Testing
@testable import SharpBetting

/// BET or PASS against Pinnacle's no-vig probability: the break-even price by hand, the call,
/// what it says, and the stake it recommends.
@Suite struct BetDecisionTests {
    /// (fair probability, minimum edge, break-even price): `d* = (1 + e) / p` as the worst whole price reaching it.
    @Test(arguments: [
        (0.5, 0.0, 100.0),              // d* = 2: even money
        (0.6, 0.0, -150.0),             // d* = 1.667: -150 exactly (edge 0 at -150, below it at -151)
        (0.432_821_706_554, 0.0, 132.0),  // d* = 2.3104: +131.04 falls short, +132 is the first whole price past it
        (0.4, 0.02, 155.0),             // d* = 1.02 / 0.4 = 2.55
        (0.55, 0.03, -114.0),           // d* = 1.8727: -114.58 → -114 (-115 pays 1.8696, short)
        (0.9, 0.0, -900.0),             // d* = 1.111
    ])
    func breakEvenPrice(probability: Double, minimumEdge: Double, expected: Double) throws {
        let price = try #require(AmericanPrice.breakEven(probability: probability, minimumEdge: minimumEdge))
        #expect(price == expected)
        // It has the edge, and one cent worse does not.
        let edge = probability * AmericanPrice.decimal(price) - 1
        #expect(edge >= minimumEdge - 1e-12)
        let worse = price > 100 ? price - 1 : price == 100 ? -101 : price - 1
        #expect(probability * AmericanPrice.decimal(worse) - 1 < minimumEdge)
    }

    @Test func noBreakEvenWithoutAProbability() {
        #expect(AmericanPrice.breakEven(probability: 0, minimumEdge: 0) == nil)
        #expect(AmericanPrice.breakEven(probability: 1, minimumEdge: 0) == nil)
        #expect(AmericanPrice.fromDecimal(2.30) == 130 && AmericanPrice.fromDecimal(1.70) == -143 && AmericanPrice.fromDecimal(2) == 100)
    }

    static let mets = 0.432_821_706_554   // Pinnacle NYM +126 / PHI −138, no vig

    @Test func aPriceShortOfBreakEvenIsAPass() {
        let decision = BetDecision(pricing: SignalPricing(best: QuotedPrice(price: 130, source: "splits"), fairProbability: Self.mets))
        #expect(decision.call == .pass && decision.breakEvenPrice == 132)
        #expect(decision.passReason == "+130 is worse than the break-even +132")
        #expect(decision.summary(bet: "NYM ML") == "PASS NYM ML · +132 or better · now +130 (splits) · edge -0.5%")
        // A pass stakes nothing, whatever the bankroll.
        #expect(StakeSizing(bankroll: 1000).stake(for: decision) == RecommendedStake(amount: 0, flat: 10, kellyFraction: 0.25))
    }

    @Test func theBreakEvenPriceItselfIsABet() {
        let decision = BetDecision(pricing: SignalPricing(best: QuotedPrice(price: 132, source: "sbd:caesars"), fairProbability: Self.mets))
        #expect(decision.call == .bet && decision.passReason == nil)
        #expect(decision.edge! > 0)
    }

    @Test func aBetCarriesItsStake() {
        let decision = BetDecision(pricing: SignalPricing(best: QuotedPrice(price: 138, source: "sbd:caesars"), fairProbability: Self.mets))
        #expect(decision.call == .bet)
        let stake = StakeSizing(bankroll: 1000).stake(for: decision)
        // edge = 0.43282 · 2.38 − 1 = 3.01%; f* = edge / 1.38 = 2.18%; a quarter of it of $1000.
        #expect(abs(stake.amount - 1000 * 0.25 * (Self.mets * 2.38 - 1) / 1.38) < 1e-9)
        #expect(stake.description == "stake $5.46 (¼ Kelly; flat $10.00)")
        #expect(decision.summary(bet: "NYM ML", stake: stake)
                == "BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0% · stake $5.46 (¼ Kelly; flat $10.00)")
        #expect(StakeSizing(bankroll: 1000, kellyFraction: 0.5).stake(for: decision).kellyName == "½ Kelly")
    }

    @Test func aMinimumEdgeRaisesTheBreakEvenPrice() {
        let pricing = SignalPricing(best: QuotedPrice(price: 138, source: "sbd:caesars"), fairProbability: Self.mets)
        let strict = BetDecision(pricing: pricing, minimumEdge: 0.05)
        // d* = 1.05 / 0.43282 = 2.4259 → +142.6 → +143: +138 is a pass at a 5% minimum edge.
        #expect(strict.breakEvenPrice == 143 && strict.call == .pass)
        #expect(strict.summary(bet: "NYM ML") == "PASS NYM ML · +143 or better (edge ≥ 5.0%) · now +138 (sbd:caesars) · edge +3.0%")
        #expect(BetDecision(pricing: pricing, minimumEdge: 0.03).call == .bet)   // 3.01% ≥ 3%
    }

    @Test func withoutPinnacleOrAnyPriceItIsAPassThatSaysWhy() {
        let unjudged = BetDecision(pricing: SignalPricing(best: QuotedPrice(price: -175, source: "sbd:betmgm"), fairProbability: nil))
        #expect(unjudged.call == .pass && unjudged.breakEvenPrice == nil)
        #expect(unjudged.summary(bet: "NYM +1.5") == "PASS NYM +1.5 · no Pinnacle price at this line to judge it by · now -175 (sbd:betmgm)")
        let unpriced = BetDecision(pricing: SignalPricing(best: nil, fairProbability: 0.5))
        #expect(unpriced.call == .pass && unpriced.passReason == "no price known")
        #expect(unpriced.summary(bet: "Under 9") == "PASS Under 9 · +100 or better · no price known")
    }
}
