import Foundation
import Testing
@testable import SharpBetting

@Suite struct SplitTests {
    func split(_ market: Market, homeBets: Double, homeMoney: Double) -> Split {
        Split(source: .vsin, book: .circa, market: market, away: .phi, home: .nym,
              capturedAt: Date(timeIntervalSince1970: 0),
              awayOrUnderBetsPct: 100 - homeBets, awayOrUnderMoneyPct: 100 - homeMoney,
              homeOrOverBetsPct: homeBets, homeOrOverMoneyPct: homeMoney)
    }

    @Test func differentialIsHomeMoneyMinusHomeBets() {
        #expect(split(.moneyline, homeBets: 29, homeMoney: 58).differential == 29)
        #expect(split(.moneyline, homeBets: 76.66, homeMoney: 65.69).differential == -10.97)
    }

    @Test func sharpActionUsesThresholdInclusively() {
        #expect(split(.moneyline, homeBets: 40, homeMoney: 50).sharpAction() == .home)
        #expect(split(.moneyline, homeBets: 50, homeMoney: 40).sharpAction() == .away)
        #expect(split(.moneyline, homeBets: 40, homeMoney: 49.99).sharpAction() == nil)
        #expect(split(.spread, homeBets: 60, homeMoney: 45).sharpAction(threshold: 15) == .away)
        #expect(split(.spread, homeBets: 60, homeMoney: 45).sharpAction(threshold: 16) == nil)
    }

    @Test func totalsNameOverAndUnder() {
        #expect(split(.total, homeBets: 35, homeMoney: 60).sharpAction() == .over)
        #expect(split(.total, homeBets: 76, homeMoney: 50).sharpAction() == .under)
    }

    @Test func impliedProbabilityIsNormalisedOverBothSides() throws {
        #expect(abs(try #require(ImpliedProbability.raw(150)) - 0.4) < 1e-12)
        #expect(abs(try #require(ImpliedProbability.raw(-150)) - 0.6) < 1e-12)
        #expect(ImpliedProbability.raw(50) == nil)
        let (home, away) = try #require(ImpliedProbability.normalized(126, -138))
        // 100/226 = 0.442478, 138/238 = 0.579832, sum 1.022310
        #expect(abs(home - 0.432822) < 1e-6)
        #expect(abs(away - 0.567178) < 1e-6)
        #expect(abs(home + away - 1) < 1e-12)
    }
}
