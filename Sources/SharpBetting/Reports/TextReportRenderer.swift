/// The daily report as aligned plain text: the bets, the passes apart, the day's record (flat
/// units, and the recommended stakes with a bankroll), the alerts sent, and records by rule and source.
enum TextReportRenderer {
    static func render(_ report: DailyReport) -> String {
        let staked = report.staking != nil
        var lines = ["Sharp signals for \(report.gameDate) — " + counted(report.signals.count, "signal") + ": "
            + counted(report.bets.count, "bet") + ", \(report.passes.count) passed", ""]
        if report.signals.isEmpty {
            lines.append(ReportText.noSignals(report.gameDate))
        }
        for (title, group) in [("Bets", report.bets), ("Passed (graded as if bet, in units)", report.passes)] where !group.isEmpty {
            lines.append(title)
            lines += TextTable.render(header: ReportText.signalHeader(staked: staked),
                                      rows: group.map { ReportText.signalRow($0, staked: staked) })
            lines.append("")
        }
        lines += [ReportText.betsLine(report), ReportText.passesLine(report)]
        if !report.alerts.isEmpty {
            lines += ["", "Alerts sent (\(report.alerts.count))"]
            lines += TextTable.render(header: ["Sent", "Channel", "Alert"],
                                      rows: report.alerts.map { [EasternTime.clock($0.sentAt), $0.channel.rawValue, $0.headline] })
        }
        for (title, records) in [("By rule (every signal, flat units)", report.byRule),
                                 ("By source (every signal, flat units)", report.bySource)] where !records.isEmpty {
            lines += ["", title]
            lines += TextTable.render(
                header: ["Name", "Signals", "W-L-P", "Hit rate", "Units", "ROI"],
                rows: records.map { [$0.name, String($0.signals), ReportText.record($0), ReportText.percent($0.hitRate),
                                     ReportText.units($0.units), ReportText.signedPercent($0.roi)] })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
