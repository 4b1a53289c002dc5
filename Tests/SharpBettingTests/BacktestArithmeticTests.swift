import Foundation
import Testing
@testable import SharpBetting

/// The numbers a bettor reads off a backtest and a report: interval, record score, stakes.
@Suite struct BacktestArithmeticTests {
    @Test func wilsonIntervalMatchesTheFormula() {
        // 56 of 100: centre (0.56 + 1.96²/200)/(1 + 1.96²/100), not 0.56 ± 0.0973.
        let interval = WilsonInterval(wins: 56, trials: 100)
        #expect(abs(interval.low - 0.46228) < 1e-4)
        #expect(abs(interval.high - 0.65328) < 1e-4)
        #expect(interval.contains(0.5) && !interval.contains(0.66))
        // 10 of 10 is not certainty; 0 of 5 is not impossibility of more than 0.
        let perfect = WilsonInterval(wins: 10, trials: 10)
        #expect(abs(perfect.low - 0.72246) < 1e-4 && perfect.high == 1)
        let none = WilsonInterval(wins: 0, trials: 5)
        #expect(none.low == 0 && abs(none.high - 0.43449) < 1e-4)
        // No bets: no information.
        #expect(WilsonInterval(wins: 0, trials: 0) == WilsonInterval(wins: 0, trials: 0) && WilsonInterval(wins: 0, trials: 0).low == 0)
        #expect(WilsonInterval(wins: 0, trials: 0).high == 1)
    }

    @Test(arguments: [
        (0, nil, 50.0),          // no record: the neutral prior
        (100, 0.10, 75.0),       // halfway from 50 to 100 at 100 bets
        (900, 0.10, 95.0),       // 900/(900+100) of the way
        (300, -0.20, 12.5),      // raw clamps at 0, 3/4 of the way down
        (100, 0.0, 50.0),        // break-even is neutral
        (1, 0.5, 50.4950495),    // one lucky bet barely moves it
    ] as [(Int, Double?, Double)])
    func strategyRecordShrinksTowardFiftyWithFewBets(bets: Int, roi: Double?, expected: Double) {
        #expect(abs(StrategyRecordScale().score(bets: bets, roi: roi) - expected) < 1e-6)
    }

    @Test func kellyStakesFromTheEdgeAndFlatStakes() throws {
        let sizing = StakeSizing(bankroll: 1000, kellyFraction: 0.25)
        #expect(sizing.flatStake == 10)
        // +130 at 47.33%: b = 1.3, f* = (1.3·0.4733 − 0.5267)/1.3 = 0.068146; a quarter of $1000 is $17.04.
        let dog = try #require(sizing.kellyStake(price: 130, fairProbability: 0.4733))
        #expect(abs(dog - 17.0365) < 0.001)
        // -110 at 55%: b = 0.90909, f* = (0.5 − 0.45)/0.90909 = 0.055 → $13.75.
        let favourite = try #require(sizing.kellyStake(price: -110, fairProbability: 0.55))
        #expect(abs(favourite - 13.75) < 1e-9)
        // No edge, no bet (f* = −0.125 at −150 and 55%); no fair probability, no Kelly stake.
        #expect(abs(StakeSizing.kellyShare(price: -150, fairProbability: 0.55) - -0.125) < 1e-12)
        #expect(sizing.kellyStake(price: -150, fairProbability: 0.55) == 0)
        #expect(sizing.kellyStake(price: 130, fairProbability: nil) == nil)
        // Kelly's share is the edge over the net odds.
        let pricing = SignalPricing(best: QuotedPrice(price: 130, source: "splits"), fairProbability: 0.4733)
        #expect(abs(StakeSizing.kellyShare(price: 130, fairProbability: 0.4733) - pricing.edge! / 1.3) < 1e-12)
        // Full Kelly on the same bet is four times the quarter.
        #expect(abs(StakeSizing(bankroll: 1000, kellyFraction: 1).kellyStake(price: 130, fairProbability: 0.4733)! - 4 * dog) < 1e-9)
    }

    @Test(arguments: [(14.99, "<15"), (15.0, "15-20"), (24.99, "20-25"), (25.0, "25-30"), (30.0, "30+")])
    func bandsFollowTheThresholds(strength: Double, band: String) {
        #expect(StrategyBucket.band(forStrength: strength) == band)
    }

    @Test(arguments: [(5.0, "0-15m"), (15.0, "15-30m"), (44.0, "30-60m"), (60.0, "60m+")] as [(Double?, String)])
    func timingBuckets(minutes: Double?, bucket: String) {
        #expect(StrategyBucket.timing(minutesBeforeFirstPitch: minutes) == bucket)
    }

    @Test func performanceCountsPushesOutsideTheHitRateAndAssumedPrices() throws {
        let game = SignalGame(gameKey: "1", gameId: 1, gameDate: SlateDate("2025-06-17")!, away: .phi, home: .nym, firstPitch: nil)
        let signal = SharpSignal(
            id: "x", game: game, market: .moneyline, side: .home, pick: "NYM ML", hits: [], differentials: [], strength: 20,
            level: nil, lineMovement: nil, line: nil, price: nil,
            confidence: ConfidenceModel(config: .default).score(strength: 20, reliability: 80, record: 50, freshness: 100, timing: 100),
            explanation: "", snapshotAt: Date(timeIntervalSince1970: 0), detectedAt: Date(timeIntervalSince1970: 0))
        let bets = [
            GradedSignal(signal: signal, result: .win, price: 150, units: 1.5, finalScore: nil, priceSource: "pinnacle"),
            GradedSignal(signal: signal, result: .loss, price: -110, units: -1, finalScore: nil),
            GradedSignal(signal: signal, result: .push, price: -110, units: 0, finalScore: nil),
        ]
        let record = StrategyPerformance(bucket: StrategyBucket(rule: "all", source: "all", market: "all", band: "all", timing: "all"),
                                         bets: bets)
        #expect(record.bets == 3 && record.wins == 1 && record.losses == 1 && record.pushes == 1)
        #expect(record.hitRate == 0.5)
        #expect(record.staked == 2)
        #expect(record.roi == 0.25)               // +0.5 units on 2 at the actual +150
        #expect(record.assumedPriceBets == 2)     // the two graded at an assumed −110
        #expect(record.kellyStaked == 0 && record.kellyROI == nil)   // none was sized (no decision: passes)
    }
}
