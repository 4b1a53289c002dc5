import Foundation

/// What a backtest found: the range, and one ``StrategyPerformance`` per bucket (rolled-up rows
/// first), as a table or JSON.
///
/// ```swift
/// let report = try await BacktestService(db).run(from: nil, to: nil)
/// print(BacktestReport.text(report))
/// report.record(rule: .differential, market: .moneyline)?.roi   // 0.081
/// ```
public struct BacktestReport: Sendable, Hashable, Codable {
    /// The first day backtested.
    public var from: SlateDate?
    /// The last day backtested.
    public var to: SlateDate?
    /// Days with stored splits in the range.
    public var days: Int
    /// Signals without a final score (or a line to grade them at), left out.
    public var ungraded: Int
    /// The records, rolled-up rows first.
    public var performance: [StrategyPerformance]

    /// Creates a report.
    public init(from: SlateDate?, to: SlateDate?, days: Int, ungraded: Int, performance: [StrategyPerformance]) {
        self.from = from
        self.to = to
        self.days = days
        self.ungraded = ungraded
        self.performance = performance
    }

    /// The rolled-up record of `rule` (nil: every rule) in `market` (nil: every market).
    public func record(rule: DetectionRule?, market: Market?) -> StrategyPerformance? {
        let all = StrategyBucket.all
        let bucket = StrategyBucket(rule: rule?.rawValue ?? all, source: all, market: market?.rawValue ?? all, band: all, timing: all)
        return performance.first { $0.bucket == bucket }
    }

    /// The report as an aligned table, with a line on how prices were known.
    public static func text(_ report: BacktestReport) -> String {
        let range = "\(report.from.map(\.description) ?? "–") to \(report.to.map(\.description) ?? "–")"
        var lines = ["Backtest \(range): \(report.days) day(s), \(report.ungraded) signal(s) without a final score left out", ""]
        guard !report.performance.isEmpty else {
            return (lines + ["No graded bets. (Are splits and final scores stored? `sharp outcomes` loads scores.)"])
                .joined(separator: "\n") + "\n"
        }
        lines += TextTable.render(
            header: ["Rule", "Source", "Market", "Band", "Timing", "Bets", "W-L-P", "Hit rate", "95% CI", "ROI", "Avg CLV", "-110 assumed"],
            rows: report.performance.map { p in
                [p.bucket.rule, p.bucket.source, p.bucket.market, p.bucket.band, p.bucket.timing, String(p.bets),
                 "\(p.wins)-\(p.losses)-\(p.pushes)", ReportText.percent(p.hitRate),
                 ReportText.percent(p.interval.low) + "–" + ReportText.percent(p.interval.high), ReportText.signedPercent(p.roi),
                 p.averageCLV.map { (($0 >= 0) ? "+" : "") + String(format: "%.2f pts", $0) } ?? "–", String(p.assumedPriceBets)]
            })
        let assumed = report.record(rule: nil, market: nil)?.assumedPriceBets ?? 0
        lines += ["", "ROI at the best price known at signal time (splits, SBD books, Pinnacle); "
            + (assumed == 0 ? "every bet had a known price." : "\(assumed) bet(s) had none and were graded at an assumed -110.")]
        return lines.joined(separator: "\n") + "\n"
    }
}
