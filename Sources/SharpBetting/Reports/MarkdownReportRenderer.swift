/// The daily report as Markdown: the bets, the passes apart, the record, the alerts sent,
/// records by rule and source, and why.
enum MarkdownReportRenderer {
    static func render(_ report: DailyReport) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        func table(_ header: [String], _ rows: [[String]]) -> [String] {
            ["| " + header.map(cell).joined(separator: " | ") + " |", "|" + String(repeating: "---|", count: header.count)]
                + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
        }
        let staked = report.staking != nil
        var lines = ["# Sharp signals — \(report.gameDate)", "",
                     "**\(cell(ReportText.betsLine(report)))**", "", cell(ReportText.passesLine(report))]
        if report.signals.isEmpty { lines += ["", cell(ReportText.noSignals(report.gameDate))] }
        for (title, group) in [("Bets", report.bets), ("Passed (graded as if bet, in units)", report.passes)] where !group.isEmpty {
            lines += ["", "## \(title)", ""]
            lines += table(ReportText.signalHeader(staked: staked), group.map { ReportText.signalRow($0, staked: staked) })
        }
        if !report.alerts.isEmpty {
            lines += ["", "## Alerts sent", ""]
            lines += table(["Sent", "Channel", "Alert"],
                           report.alerts.map { [EasternTime.clock($0.sentAt), $0.channel.rawValue, $0.headline] })
        }
        for (title, records) in [("By rule", report.byRule), ("By source", report.bySource)] where !records.isEmpty {
            lines += ["", "## \(title) (every signal, flat units)", ""]
            lines += table(["Name", "Signals", "W-L-P", "Hit rate", "Units", "ROI"], records.map {
                [$0.name, String($0.signals), ReportText.record($0), ReportText.percent($0.hitRate),
                 ReportText.units($0.units), ReportText.signedPercent($0.roi)]
            })
        }
        lines += ["", "## Why", ""]
        lines += report.signals.map { "- \(cell($0.signal.explanation))" }
        return lines.joined(separator: "\n") + "\n"
    }
}
