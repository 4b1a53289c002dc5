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
    /// The records of the bets and of the passes (BET, then PASS; all markets first).
    public var decisions: [DecisionPerformance]

    /// Creates a report.
    public init(from: SlateDate?, to: SlateDate?, days: Int, ungraded: Int, performance: [StrategyPerformance],
                decisions: [DecisionPerformance] = []) {
        self.from = from
        self.to = to
        self.days = days
        self.ungraded = ungraded
        self.performance = performance
        self.decisions = decisions
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
        var lines = ["Backtest \(range): " + counted(report.days, "day") + ", "
            + counted(report.ungraded, "signal") + " without a final score left out", ""]
        guard !report.performance.isEmpty else {
            return (lines + ["No graded bets. (Are splits and final scores stored? `sharp outcomes` loads scores.)"])
                .joined(separator: "\n") + "\n"
        }
        lines += TextTable.render(
            header: ["Rule", "Source", "Market", "Band", "Timing"] + Self.recordHeader,
            rows: report.performance.map { p in
                [p.bucket.rule, p.bucket.source, p.bucket.market, p.bucket.band, p.bucket.timing] + Self.recordCells(p)
            })
        if !report.decisions.isEmpty {
            lines += ["", "By decision (BET: the best price was at least the break-even price against Pinnacle's no-vig line; "
                + "PASS: graded as if bet)"]
            lines += TextTable.render(
                header: ["Call", "Market"] + Self.recordHeader,
                rows: report.decisions.map { [$0.call.rawValue, $0.performance.bucket.market] + Self.recordCells($0.performance) })
        }
        let assumed = report.record(rule: nil, market: nil)?.assumedPriceBets ?? 0
        lines += ["", "Flat ROI: one unit on every signal at the best price known at signal time (splits, SBD books, Pinnacle); "
            + (assumed == 0 ? "every bet had a known price." : counted(assumed, "bet") + " had none and " + (assumed == 1 ? "was" : "were") + " graded at an assumed -110."),
            "Kelly ROI: the signals called BET only, each at fractional Kelly of its edge (a PASS stakes nothing).",
            "Avg CLV: Pinnacle's no-vig probability of the side at its last snapshot before first pitch minus at signal time, "
            + "with its 95% interval."]
        return lines.joined(separator: "\n") + "\n"
    }

    static let recordHeader = ["Bets", "W-L-P", "Hit rate", "95% CI", "Flat ROI", "Kelly ROI", "Avg CLV (95% CI)", "-110 assumed"]

    /// One record's cells under ``recordHeader``.
    static func recordCells(_ p: StrategyPerformance) -> [String] {
        func points(_ value: Double) -> String { (value >= 0 ? "+" : "") + String(format: "%.2f", value) }
        let clv = p.averageCLV.map { average in
            points(average) + " pts" + (p.clvInterval.map { " (\(points($0.lowerBound))…\(points($0.upperBound)))" } ?? "")
        } ?? "–"
        return [String(p.bets), "\(p.wins)-\(p.losses)-\(p.pushes)", ReportText.percent(p.hitRate),
                ReportText.percent(p.interval.low) + "–" + ReportText.percent(p.interval.high), ReportText.signedPercent(p.roi),
                ReportText.signedPercent(p.kellyROI), clv, String(p.assumedPriceBets)]
    }
}
