import DuckCoordinator
import DuckDBKit
import Foundation
import Testing
@testable import SharpBetting

/// Confidence reads the backtested record from `strategy_performance`; `--min-bets` keeps only
/// rules with a positive record; the daily report shows the record beside each signal.
@Suite(.serialized) struct StrategyRecordTests {
    static let all = StrategyBucket.all

    /// A rolled-up record of `rule` with `bets` graded bets at `roi` (all wins and losses).
    static func record(_ rule: DetectionRule, bets: Int, roi: Double, wins: Int) -> StrategyPerformance {
        StrategyPerformance(bucket: StrategyBucket(rule: rule.rawValue, source: all, market: all, band: all, timing: all),
                            bets: bets, wins: wins, losses: bets - wins, pushes: 0, profit: roi * Double(bets),
                            averageCLV: 1.5, clvBets: bets, assumedPriceBets: 0)
    }

    /// A d = +50 moneyline split at Circa 15 minutes before first pitch: signal part 100,
    /// reliability 85, fresh, timing 100 — so the record decides the label.
    static let strong = [Snapshot(lineAwayOrOver: 120, lineHomeOrUnder: -130, homeOrOverBetsPct: 30, d: 50)]

    func detect(records: [StrategyPerformance], config: DetectionConfig = .default,
                then: (TestDatabase, DetectionResult) async throws -> Void = { _, _ in }) async throws -> DetectionResult {
        let test = try await TestDatabase()
        do {
            try await test.insert(Self.strong)
            try await StrategyPerformanceStore(test.db).replace(records, rules: nil, from: testDay, to: testDay)
            let result = try await SharpDetector(config: config).detect(test.db, gameDate: testDay)
            try await then(test, result)
            await test.close()
            return result
        } catch {
            await test.close()
            throw error
        }
    }

    @Test func aStrongRecordMakesVeryHighReachableAndNoRecordIsTheNeutralPrior() async throws {
        let without = try #require(try await detect(records: []).signals.first)
        #expect(without.confidence.strategyRecord == 50)
        #expect(without.confidence.value == 85.5)          // 40 + 25.5 + 10 + 5 + 5
        #expect(without.confidence.label == .high)

        let proven = try #require(try await detect(records: [Self.record(.differential, bets: 900, roi: 0.10, wins: 560)]).signals.first)
        #expect(abs(proven.confidence.strategyRecord - 95) < 1e-9)     // 50 + 0.9 · 50
        #expect(proven.confidence.value == 94.5)
        #expect(proven.confidence.label == .veryHigh)

        // Few bets barely move it; a losing record pulls it down; another rule's record is not this one's.
        let young = try #require(try await detect(records: [Self.record(.differential, bets: 10, roi: 0.10, wins: 7)]).signals.first)
        #expect(abs(young.confidence.strategyRecord - (50 + 50 * 10.0 / 110)) < 1e-9)
        let losing = try #require(try await detect(records: [Self.record(.differential, bets: 300, roi: -0.20, wins: 120)]).signals.first)
        #expect(abs(losing.confidence.strategyRecord - 12.5) < 1e-9)
        let other = try #require(try await detect(records: [Self.record(.steam, bets: 900, roi: 0.10, wins: 560)]).signals.first)
        #expect(other.confidence.strategyRecord == 50)

        // A record set in the configuration wins over the stored one; the backtest's own detection ignores both.
        var config = DetectionConfig.default
        config.strategyRecord[.differential] = 60
        let configured = try #require(try await detect(records: [Self.record(.differential, bets: 900, roi: 0.10, wins: 560)],
                                                       config: config).signals.first)
        #expect(configured.confidence.strategyRecord == 60)
    }

    @Test(arguments: [
        (100, 0.0, 900, 0.10, true),     // 900 bets, +10%: kept
        (1000, 0.0, 900, 0.10, false),   // not enough bets yet
        (100, 0.0, 900, -0.01, false),   // losing record
        (100, 0.12, 900, 0.10, false),   // positive, but under the asked ROI
        (100, 0.0, 900, 0.0, false),     // break-even is not positive
    ])
    func minBetsKeepsOnlyRulesWithAPositiveRecord(minBets: Int, minROI: Double, bets: Int, roi: Double, kept: Bool) async throws {
        var config = DetectionConfig.default
        config.minimumRecordBets = minBets
        config.minimumRecordROI = minROI
        let result = try await detect(records: [Self.record(.differential, bets: bets, roi: roi, wins: bets / 2)], config: config)
        #expect(result.signals.isEmpty != kept)
    }

    @Test func minBetsWithoutAnyRecordEmitsNothing() async throws {
        var config = DetectionConfig.default
        config.minimumRecordBets = 1
        #expect(try await detect(records: [], config: config).signals.isEmpty)
        #expect(try await detect(records: []).signals.count == 1)
    }

    @Test func theReportShowsTheRecordBesideEachSignalAndTheStakes() async throws {
        _ = try await detect(records: [Self.record(.differential, bets: 900, roi: 0.10, wins: 560)]) { test, result in
            try await SignalStore(test.db).save(result.signals)
            let report = try await DailyReportService(test.db).report(for: testDay, staking: StakeSizing(bankroll: 2000))
            let graded = try #require(report.signals.first)
            #expect(graded.record?.bets == 900 && graded.record?.wins == 560)
            // Pinnacle does not list it: no fair probability, so PASS and nothing staked.
            #expect(graded.decision.call == .pass && graded.decision.fairProbability == nil)
            #expect(graded.stake == RecommendedStake(amount: 0, flat: 20, kellyFraction: 0.25))
            let text = ReportFormat.text.render(report)
            #expect(text.contains("differential 560-340-0 ROI +10.0% → rec 95"))
            #expect(text.contains("Stake"))
            for format in [ReportFormat.markdown, .html] {
                #expect(format.render(report).contains("differential 560-340-0 ROI +10.0% → rec 95"))
            }
            // Without a backtest the column says so, and without a bankroll there is no stake column.
            try await StrategyPerformanceStore(test.db).replace([], rules: nil, from: nil, to: nil)
            let plain = ReportFormat.text.render(try await DailyReportService(test.db).report(for: testDay))
            #expect(plain.contains("no record → rec 95"))      // the signal was scored when the record existed
            #expect(!plain.contains("Stake"))
        }
    }

    @Test func replacingTheRecordsOfSomeRulesKeepsTheOthers() async throws {
        let test = try await TestDatabase()
        let store = StrategyPerformanceStore(test.db)
        let everything = StrategyPerformance(bucket: StrategyBucket(rule: Self.all, source: Self.all, market: Self.all,
                                                                    band: Self.all, timing: Self.all),
                                             bets: 5, wins: 3, losses: 2, pushes: 0, profit: 0.8, averageCLV: nil,
                                             clvBets: 0, assumedPriceBets: 1)
        #expect(try await store.replace([Self.record(.differential, bets: 50, roi: 0.05, wins: 28),
                                         Self.record(.steam, bets: 20, roi: 0.2, wins: 13), everything],
                                        rules: nil, from: testDay, to: testDay) == 3)
        #expect(try await store.replace([Self.record(.steam, bets: 40, roi: -0.1, wins: 18), everything],
                                        rules: [.steam], from: testDay, to: testDay) == 1)
        let records = try await store.ruleRecords()
        #expect(records[.differential]?.bets == 50)
        #expect(records[.steam]?.bets == 40 && records[.steam]?.roi == -0.1)
        #expect(try await store.all().count == 3)             // the all-rules row of the full run stays
        await test.close()
    }
}
