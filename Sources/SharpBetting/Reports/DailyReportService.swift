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

    /// The report of `gameDate`, made at `now`.
    public func report(for gameDate: SlateDate, now: Date = Date()) async throws -> DailyReport {
        async let stored = SignalStore(db).signals(on: gameDate, latestPerSide: true)
        async let finals = OutcomeLoader.outcomes(on: gameDate, in: db)
        let outcomes = try await finals
        let byId = Dictionary(outcomes.map { ($0.gameId, $0) }, uniquingKeysWith: { first, _ in first })
        let prices = KnownPrices(db)
        var graded: [GradedSignal] = []
        for signal in try await stored {
            let outcome = signal.game.gameId.flatMap { byId[$0] } ?? {
                let same = outcomes.filter { $0.away == signal.game.away && $0.home == signal.game.home }
                return same.count == 1 ? same[0] : nil
            }()
            var item = SignalGrader.grade(signal, outcome: outcome, quotes: try await prices.quotes(for: signal))
            item.fairProbability = try await prices.pricing(for: signal).fairProbability
            item.closingLineValue = try await prices.closingLineValue(for: signal, now: now)
            graded.append(item)
        }
        graded.sort {
            ($0.signal.game.firstPitch ?? .distantFuture, $0.signal.id) < ($1.signal.game.firstPitch ?? .distantFuture, $1.signal.id)
        }
        return DailyReport(gameDate: gameDate, generatedAt: now, signals: graded)
    }
}
