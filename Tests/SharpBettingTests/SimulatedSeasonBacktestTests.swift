import DuckCoordinator
import Foundation
import Testing
@testable import SharpBetting

/// The simulator's `sharpWinRate` is the known answer a backtest must find: collected through the
/// real collector into DuckDB, detected by the real detector as of T−5, graded at the prices
/// known then. `SHARP_BACKTEST_GAMES=2430` runs a whole season at 0.56 (not in CI).
@Suite struct SimulatedSeasonBacktestTests {
    /// Collects `games` simulated games (captures every 30 minutes from 21:00 UTC) with their
    /// final scores, and backtests them.
    static func backtest(seed: UInt64, games: Int, sharpWinRate: Double) async throws -> BacktestReport {
        let database = try await TestDatabase()
        let db = database.db
        let simulator = SlateSimulator(seed: seed, games: games, captureInterval: 1800, boardOpensHour: 21,
                                       sharpWinRate: sharpWinRate)
        let collector = DataCollectorService(database: db)
        for slate in simulator.slates {
            for index in slate.captureTimes.indices {
                let report = try await collector.collect(CaptureContext(slateDate: slate.date, capturedAt: slate.captureTimes[index]),
                                                         using: SimulatedFetcher(slate: slate, captureIndex: index))
                #expect(report.failedFeeds.isEmpty)
            }
            try await OutcomeLoader().load(slate.outcomesPayload, into: db)
        }
        let report = try await BacktestService(db).run(from: nil, to: nil)
        try await StrategyPerformanceStore(db).replace(report.performance, rules: nil, from: report.from, to: report.to)
        let stored = try await StrategyPerformanceStore(db).all()
        #expect(stored == report.performance.sorted { $0.bucket < $1.bucket })
        await database.close()
        return report
    }

    @Test func outcomesFollowTheSharpWinRateAndNeverPush() {
        for rate in [0.56, 0.5] {
            let season = SlateSimulator(seed: 21, games: 2430, sharpWinRate: rate)
            var sharpWins = 0, sharpGames = 0
            for slate in season.slates {
                let outcomes = Dictionary(uniqueKeysWithValues: slate.outcomes.map { ($0.gameId, $0) })
                #expect(outcomes.count == slate.games.count - 1)   // the postponed game has none
                for game in slate.games where !game.isPostponed {
                    let score = outcomes[game.gamePk]!
                    #expect(score.homeScore != score.awayScore)
                    #expect(Double(score.totalRuns) != game.total(progress: 1))
                    if case .sharpMoneyline(let side) = game.story {
                        sharpGames += 1
                        if (side == .home) == (score.homeScore > score.awayScore) { sharpWins += 1 }
                    }
                }
            }
            let share = Double(sharpWins) / Double(sharpGames)
            #expect(sharpGames > 400)
            #expect(abs(share - rate) < 0.05, "sharp side won \(share) of \(sharpGames) at rate \(rate)")
        }
        // The rate changes who wins, not the payloads' shape: the same seed's payload stays valid.
        let slate = SlateSimulator(seed: 21, sharpWinRate: 0.56).slate(day: 0)
        #expect(SBDParser.parse(slate.payload(.sbd, at: 0), capturedAt: slate.captureTimes[0]).errors.isEmpty)
    }

    /// A strong edge is found in a small sample; no edge is not found.
    @Test(arguments: [(0.9, true), (0.5, false)])
    func backtestFindsTheSimulatedEdge(rate: Double, edge: Bool) async throws {
        let report = try await Self.backtest(seed: 5, games: 60, sharpWinRate: rate)
        let moneyline = try #require(report.record(rule: nil, market: .moneyline))
        let total = try #require(report.record(rule: nil, market: .total))
        #expect(moneyline.bets >= 10 && total.bets >= 3, "\(moneyline.bets) moneyline, \(total.bets) total bets")
        #expect(moneyline.assumedPriceBets == 0)     // VSIN's pages and Pinnacle price every moneyline
        for record in [moneyline, total] {
            let hitRate = try #require(record.hitRate)
            #expect(record.interval.contains(hitRate))
            #expect(record.interval.contains(rate), "\(record.bucket): \(hitRate) in \(record.interval)")
        }
        if edge {
            #expect(!moneyline.interval.contains(0.5))
            #expect(moneyline.roi! > 0.3)
        } else {
            #expect(moneyline.interval.contains(0.5))
            #expect(moneyline.roi! < 0.3)
        }
        // Per-rule rows roll up into the rule's total, and every bet has a closing-line value.
        let differential = try #require(report.record(rule: .differential, market: nil))
        let bySource = report.performance.filter { $0.bucket.rule == "differential" && $0.bucket.source != StrategyBucket.all }
        #expect(bySource.map(\.bets).reduce(0, +) >= differential.bets)
        #expect(moneyline.clvBets == moneyline.bets)
    }

    /// The known answer at 0.56 over a whole season (`SHARP_BACKTEST_GAMES=2430`, about a minute).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SHARP_BACKTEST_GAMES"] != nil))
    func seasonAtFiftySixPercent() async throws {
        let games = Int(ProcessInfo.processInfo.environment["SHARP_BACKTEST_GAMES"] ?? "") ?? 2430
        let report = try await Self.backtest(seed: 2025, games: games, sharpWinRate: 0.56)
        print(BacktestReport.text(report))
        let moneyline = try #require(report.record(rule: nil, market: .moneyline))
        #expect(moneyline.roi! > 0)
        #expect(moneyline.interval.contains(0.56))
        #expect(!moneyline.interval.contains(0.5), "\(moneyline.bets) bets: \(moneyline.interval)")
    }
}
