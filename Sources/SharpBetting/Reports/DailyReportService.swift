import DuckCoordinator
import Foundation

/// Builds the ``DailyReport`` of a day from `sharp_signals` (the latest signal of each
/// game/market/side) and `game_outcomes`.
///
/// ```swift
/// let service = DailyReportService(db)
/// let report = try await service.report(for: SlateDate("2025-06-17")!)
/// try ReportFormat.html.render(report).write(toFile: "report.html", atomically: true, encoding: .utf8)
/// ```
public struct DailyReportService<Database: DatabaseCoordinating>: Sendable {
    /// The coordinator read from.
    public let db: Database

    /// A service over `db`.
    public init(_ db: Database) { self.db = db }

    /// The report of `gameDate`, made at `now`; with `staking`, each signal's flat and
    /// fractional Kelly stakes. Each signal carries its best rule's backtested record.
    public func report(for gameDate: SlateDate, now: Date = Date(), staking: StakeSizing? = nil,
                       recordScale: StrategyRecordScale = StrategyRecordScale()) async throws -> DailyReport {
        async let stored = SignalStore(db).signals(on: gameDate, latestPerSide: true)
        async let finals = OutcomeLoader.outcomes(on: gameDate, in: db)
        async let storedRecords = StrategyPerformanceStore(db).ruleRecords()
        let outcomes = try await finals
        let records = try await storedRecords
        let prices = KnownPrices(db)
        var graded: [GradedSignal] = []
        for signal in try await stored {
            let outcome = GameOutcome.of(signal.game, in: outcomes)
            var item = SignalGrader.grade(signal, outcome: outcome, quotes: try await prices.quotes(for: signal))
            item.fairProbability = try await prices.pricing(for: signal).fairProbability
            item.closingLineValue = try await prices.closingLineValue(for: signal, now: now)
            item.record = signal.rules.compactMap { records[$0] }
                .max { recordScale.score(bets: $0.bets, roi: $0.roi) < recordScale.score(bets: $1.bets, roi: $1.roi) }
            if let staking {
                item.flatStake = staking.flatStake
                item.kellyStake = staking.kellyStake(price: item.price, fairProbability: item.fairProbability)
            }
            graded.append(item)
        }
        graded.sort {
            ($0.signal.game.firstPitch ?? .distantFuture, $0.signal.id) < ($1.signal.game.firstPitch ?? .distantFuture, $1.signal.id)
        }
        return DailyReport(gameDate: gameDate, generatedAt: now, signals: graded, staking: staking)
    }
}
