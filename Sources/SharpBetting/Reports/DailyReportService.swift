import DuckCoordinator
import Foundation

/// Builds the ``DailyReport`` of a day from `sharp_signals` (the latest signal of each
/// game/market/side), `game_outcomes` and `alert_log`.
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

    /// The report of `gameDate`, made at `now`. Each signal keeps the call made when it was
    /// detected, or — with `minimumEdge` — is decided again at that edge from the prices known
    /// at its detection; with `staking`, a bet gets its recommended stake (fractional Kelly; a
    /// pass none) and is graded at it, flat units beside. Each signal carries its best rule's
    /// backtested record; the day's logged alerts (monitor and pre-game) come with it.
    public func report(for gameDate: SlateDate, now: Date = Date(), staking: StakeSizing? = nil,
                       minimumEdge: Double? = nil,
                       recordScale: StrategyRecordScale = StrategyRecordScale()) async throws -> DailyReport {
        async let stored = SignalStore(db).signals(on: gameDate, latestPerSide: true)
        async let finals = OutcomeLoader.outcomes(on: gameDate, in: db)
        async let storedRecords = StrategyPerformanceStore(db).ruleRecords()
        async let sentAlerts = SentAlert.sent(on: gameDate, in: db)
        let outcomes = try await finals
        let records = try await storedRecords
        let prices = KnownPrices(db)
        var graded: [GradedSignal] = []
        for var signal in try await stored {
            let outcome = GameOutcome.of(signal.game, in: outcomes)
            let pricing = try await prices.pricing(for: signal)
            if let minimumEdge {
                signal.decision = BetDecision(pricing: pricing, minimumEdge: minimumEdge)
            } else if signal.decision == nil {
                signal.decision = BetDecision(pricing: pricing)
            }
            var item = SignalGrader.grade(signal, outcome: outcome, quotes: try await prices.quotes(for: signal))
            item.fairProbability = pricing.fairProbability
            item.closingLineValue = try await prices.closingLineValue(for: signal, now: now)
            item.record = signal.rules.compactMap { records[$0] }
                .max { recordScale.score(bets: $0.bets, roi: $0.roi) < recordScale.score(bets: $1.bets, roi: $1.roi) }
            if let staking { item.size(with: staking) }
            graded.append(item)
        }
        graded.sort {
            ($0.signal.game.firstPitch ?? .distantFuture, $0.signal.id) < ($1.signal.game.firstPitch ?? .distantFuture, $1.signal.id)
        }
        return DailyReport(gameDate: gameDate, generatedAt: now, signals: graded, staking: staking, alerts: try await sentAlerts)
    }
}
