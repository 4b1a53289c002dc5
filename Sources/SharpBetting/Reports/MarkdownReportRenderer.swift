/// The daily report as Markdown.
enum MarkdownReportRenderer {
    static func render(_ report: DailyReport) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        let s = report.summary
        var lines = [
            "# Sharp signals — \(report.gameDate)", "",
            "**Record** \(ReportText.record(s)) (\(s.pending) pending) · **hit rate** \(ReportText.percent(s.hitRate)) · "
                + "**profit** \(ReportText.money(s.profit)) on \(ReportText.money(s.staked)) staked · **ROI** \(ReportText.percent(s.roi))",
            "",
            "| Game | ET | Pick | Confidence | Record | Rules | Result | Price |" + (report.staking != nil ? " Stake |" : "")
                + " Profit | Score |",
            "|---|---|---|---|---|---|---|---|" + (report.staking != nil ? "---|" : "") + "---|---|",
        ]
        for graded in report.signals {
            let signal = graded.signal
            lines.append("| " + ([signal.game.matchup, ReportText.start(signal), signal.pick,
                                   "\(NumberText.plain(signal.confidence.value)) (\(signal.confidence.label))",
                                   ReportText.strategyRecord(graded),
                                   signal.rules.map(\.title).joined(separator: ", "), graded.result.rawValue,
                                   ReportText.price(graded.price) + " (" + graded.priceSource + ")" + ReportText.edge(graded)]
                    + (report.staking != nil ? [ReportText.stakes(graded) ?? ""] : [])
                    + [ReportText.money(graded.profit), graded.finalScore ?? ""])
                .map(cell).joined(separator: " | ") + " |")
        }
        if report.signals.isEmpty { lines.append("| _no signals_ | | | | | | | | | |") }
        for (title, records) in [("By rule", report.byRule), ("By source", report.bySource)] where !records.isEmpty {
            lines += ["", "## \(title)", "", "| Name | Signals | W-L-P | Hit rate | Profit | ROI |", "|---|---|---|---|---|---|"]
            lines += records.map {
                "| \(cell($0.name)) | \($0.signals) | \(ReportText.record($0)) | \(ReportText.percent($0.hitRate)) | "
                    + "\(ReportText.money($0.profit)) | \(ReportText.percent($0.roi)) |"
            }
        }
        lines += ["", "## Why", ""]
        lines += report.signals.map { "- \(cell($0.signal.explanation))" }
        return lines.joined(separator: "\n") + "\n"
    }
}
