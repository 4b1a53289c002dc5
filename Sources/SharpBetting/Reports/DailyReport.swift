import Foundation

/// One day's signals with their confidence and, once scores are in, their results, with the
/// day's record and records per rule and per source.
///
/// ```swift
/// let report = try await DailyReportService(db).report(for: SlateDate("2025-06-17")!)
/// print(report.summary.wins, report.summary.losses, report.summary.roi ?? 0)
/// print(ReportFormat.markdown.render(report))
/// ```
public struct DailyReport: Sendable, Hashable, Codable {
    /// The slate day.
    public var gameDate: SlateDate
    /// When the report was made.
    public var generatedAt: Date
    /// The signals, by first pitch.
    public var signals: [GradedSignal]
    /// The whole day.
    public var summary: ReportRecord
    /// One record per rule that fired (a signal counts for each of its rules).
    public var byRule: [ReportRecord]
    /// One record per source that fired (a signal counts for each of its sources).
    public var bySource: [ReportRecord]
    /// The bankroll and fractions the stakes were sized with, if any.
    public var staking: StakeSizing?

    /// A report of `graded`, with its records.
    public init(gameDate: SlateDate, generatedAt: Date, signals graded: [GradedSignal], staking: StakeSizing? = nil) {
        self.gameDate = gameDate
        self.staking = staking
        self.generatedAt = generatedAt
        signals = graded
        summary = ReportRecord(name: "all", graded: graded)
        byRule = DetectionRule.allCases.compactMap { rule in
            let group = graded.filter { $0.signal.rules.contains(rule) }
            return group.isEmpty ? nil : ReportRecord(name: rule.rawValue, graded: group)
        }
        bySource = Array(Set(graded.flatMap(\.signal.sources))).sorted().map { source in
            ReportRecord(name: source, graded: graded.filter { $0.signal.sources.contains(source) })
        }
    }
}
