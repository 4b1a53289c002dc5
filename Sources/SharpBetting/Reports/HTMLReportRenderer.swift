/// The daily report as one self-contained HTML page: the record, the bets and the passes apart
/// (each row leading with its call), the alerts sent, records by rule and source, and two
/// inline SVG charts. No scripts, fonts or images are fetched; the markup is well-formed XML
/// (XHTML-compatible), so strict parsers read it too.
enum HTMLReportRenderer {
    static func render(_ report: DailyReport) -> String {
        let e = HTMLText.escape
        let staked = report.staking != nil
        var html = [
            "<!DOCTYPE html>",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\"/>",
            "<title>Sharp signals — \(e(report.gameDate.description))</title>",
            "<style>",
            "body{font-family:system-ui,sans-serif;margin:2rem;color:#1f2328}",
            "table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left}",
            "th{background:#f6f8fa}.win{color:#1a7f37}.loss{color:#cf222e}.push,.pending{color:#6e7781}",
            ".BET{font-weight:bold;color:#1a7f37}.PASS{color:#6e7781}",
            "figure{display:inline-block;margin:0 1rem 1rem 0}",
            "</style>",
            "</head>",
            "<body>",
            "<h1>Sharp signals — \(e(report.gameDate.description))</h1>",
            "<p id=\"summary\"><strong>\(e(ReportText.betsLine(report)))</strong></p>",
            "<p id=\"passed-summary\">\(e(ReportText.passesLine(report)))</p>",
            "<figure>", SVGCharts.differentialScatter(report.signals),
            "<figcaption>Each settled signal: strength against its flat-unit result.</figcaption>", "</figure>",
            "<figure>", SVGCharts.cumulativeProfit(report.bets),
            "<figcaption>Running flat-unit result of the bets (one unit each, at the best known price).</figcaption>", "</figure>",
        ]
        if report.signals.isEmpty { html.append("<p id=\"no-signals\">\(e(ReportText.noSignals(report.gameDate)))</p>") }
        let header = ReportText.signalHeader(staked: staked) + ["Why"]
        for (id, title, group) in [("signals", "Bets", report.bets), ("passed", "Passed (graded as if bet, in units)", report.passes)] {
            html += ["<h2>\(e(title))</h2>", "<table id=\"\(id)\">",
                     "<thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>", "<tbody>"]
            let callColumn = header.firstIndex(of: "Call"), resultColumn = header.firstIndex(of: "Result")
            for graded in group {
                let cells = ReportText.signalRow(graded, staked: staked) + [graded.signal.hits.map(\.detail).joined(separator: "; ")]
                html.append("<tr>" + cells.enumerated().map { index, text in
                    let style = index == callColumn ? " class=\"\(graded.decision.call.rawValue)\""
                        : index == resultColumn ? " class=\"\(graded.result.rawValue)\"" : ""
                    return "<td\(style)>\(e(text))</td>"
                }.joined() + "</tr>")
            }
            if group.isEmpty { html.append("<tr><td colspan=\"\(header.count)\">none</td></tr>") }
            html += ["</tbody>", "</table>"]
        }
        html += ["<h2>Alerts sent</h2>", "<table id=\"alerts\">",
                 "<thead><tr><th>Sent</th><th>Channel</th><th>Alert</th></tr></thead>", "<tbody>"]
        html += report.alerts.map { alert in
            "<tr><td>\(e(EasternTime.clock(alert.sentAt)))</td><td>\(e(alert.channel.rawValue))</td>"
                + "<td class=\"\(alert.call?.rawValue ?? "")\">\(e(alert.headline))</td></tr>"
        }
        if report.alerts.isEmpty { html.append("<tr><td colspan=\"3\">none</td></tr>") }
        html += ["</tbody>", "</table>"]
        for (id, title, records) in [("by-rule", "By rule", report.byRule), ("by-source", "By source", report.bySource)] {
            html += ["<h2>\(title) <small>(every signal, flat units)</small></h2>", "<table id=\"\(id)\">",
                     "<thead><tr><th>Name</th><th>Signals</th><th>W-L-P</th><th>Hit rate</th><th>Units</th><th>ROI</th></tr></thead>",
                     "<tbody>"]
            html += records.map { record in
                "<tr><td>\(e(record.name))</td><td>\(record.signals)</td><td>\(e(ReportText.record(record)))</td>"
                    + "<td>\(e(ReportText.percent(record.hitRate)))</td><td>\(e(ReportText.units(record.units)))</td>"
                    + "<td>\(e(ReportText.signedPercent(record.roi)))</td></tr>"
            }
            html += ["</tbody>", "</table>"]
        }
        html += ["<p><small>Generated \(e(EasternTime.dayAndClock(report.generatedAt))). Times are America/New_York. "
                    + "Prices are the best known at signal time; the break-even price is the worst still worth a bet against "
                    + "Pinnacle's no-vig probability.</small></p>",
                 "</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }
}
