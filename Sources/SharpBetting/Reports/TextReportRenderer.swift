/// The daily report as aligned plain text.
enum TextReportRenderer {
    static func render(_ report: DailyReport) -> String {
        var lines = ["Sharp signals for \(report.gameDate) — \(report.signals.count) signal(s)", ""]
        if report.signals.isEmpty {
            lines.append("No signals stored for this day.")
        } else {
            let staked = report.staking != nil
            let header = ["Game", "ET", "Pick", "Conf", "Label", "Record", "Rules", "Result", "Price"]
                + (staked ? ["Stake"] : []) + ["Profit", "Score"]
            let rows = report.signals.map { graded -> [String] in
                let signal = graded.signal
                return [signal.game.matchup, ReportText.start(signal), signal.pick,
                        NumberText.plain(signal.confidence.value), signal.confidence.label.rawValue,
                        ReportText.strategyRecord(graded),
                        signal.rules.map(\.rawValue).joined(separator: ","), graded.result.rawValue,
                        ReportText.price(graded.price) + " (" + graded.priceSource + ")" + ReportText.edge(graded)]
                    + (staked ? [ReportText.stakes(graded) ?? ""] : [])
                    + [ReportText.money(graded.profit), graded.finalScore ?? ""]
            }
            lines += TextTable.render(header: header, rows: rows)
        }
        let s = report.summary
        lines += ["", "Record \(ReportText.record(s)) (\(s.pending) pending) · hit rate \(ReportText.percent(s.hitRate)) · "
            + "staked \(ReportText.money(s.staked)) · profit \(ReportText.money(s.profit)) · ROI \(ReportText.percent(s.roi))"]
        for (title, records) in [("By rule", report.byRule), ("By source", report.bySource)] where !records.isEmpty {
            lines += ["", title]
            lines += TextTable.render(
                header: ["Name", "Signals", "W-L-P", "Hit rate", "Profit", "ROI"],
                rows: records.map { [$0.name, String($0.signals), ReportText.record($0), ReportText.percent($0.hitRate),
                                     ReportText.money($0.profit), ReportText.percent($0.roi)] })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
