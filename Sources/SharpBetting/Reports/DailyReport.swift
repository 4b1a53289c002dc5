import Foundation

/// One day's signals with their call (BET or PASS), confidence and, once scores are in,
/// results: the day's **bets** at the recommended stake and in flat units, its **passes** apart
/// (what betting them would have made, so the record shows what passing saved), and records per
/// rule and per source over every signal.
///
/// ```swift
/// let report = try await DailyReportService(db).report(for: SlateDate("2025-06-17")!, staking: StakeSizing(bankroll: 1000))
/// print(report.summary.wins, report.summary.losses, report.summary.stakeProfit ?? 0)   // the bets
/// print(report.passed.units)                                                          // −1: passing saved a unit
/// print(ReportFormat.markdown.render(report))
/// ```
public struct DailyReport: Sendable, Hashable, Codable {
    /// The slate day.
    public var gameDate: SlateDate
    /// When the report was made.
    public var generatedAt: Date
    /// Every signal, by first pitch (bets and passes).
    public var signals: [GradedSignal]
    /// The bets: signals whose call was BET.
    public var summary: ReportRecord
    /// The passes, graded in flat units as if they had been bet.
    public var passed: ReportRecord
    /// One record per rule that fired (a signal counts for each of its rules), every signal.
    public var byRule: [ReportRecord]
    /// One record per source that fired (a signal counts for each of its sources), every signal.
    public var bySource: [ReportRecord]
    /// The bankroll and fractions the stakes were sized with, if any.
    public var staking: StakeSizing?
    /// The alerts sent on this slate day, by the sharp monitor and the pre-game workflow.
    public var alerts: [SentAlert]

    /// A report of `graded`, with its records.
    public init(gameDate: SlateDate, generatedAt: Date, signals graded: [GradedSignal], staking: StakeSizing? = nil,
                alerts: [SentAlert] = []) {
        self.gameDate = gameDate
        self.staking = staking
        self.generatedAt = generatedAt
        self.alerts = alerts
        signals = graded
        summary = ReportRecord(name: "bets", graded: graded.filter(\.isBet))
        passed = ReportRecord(name: "passes", graded: graded.filter { !$0.isBet })
        byRule = DetectionRule.allCases.compactMap { rule in
            let group = graded.filter { $0.signal.rules.contains(rule) }
            return group.isEmpty ? nil : ReportRecord(name: rule.rawValue, graded: group)
        }
        bySource = Array(Set(graded.flatMap(\.signal.sources))).sorted().map { source in
            ReportRecord(name: source, graded: graded.filter { $0.signal.sources.contains(source) })
        }
    }

    /// The signals bet on.
    public var bets: [GradedSignal] { signals.filter(\.isBet) }

    /// The signals passed.
    public var passes: [GradedSignal] { signals.filter { !$0.isBet } }
}
