/// The daily report as one self-contained HTML page: summary, signals table, records by rule
/// and source, and two inline SVG charts. No scripts, fonts or images are fetched; the markup
/// is well-formed XML (XHTML-compatible), so strict parsers read it too.
enum HTMLReportRenderer {
    static func render(_ report: DailyReport) -> String {
        let e = HTMLText.escape
        let s = report.summary
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
            "figure{display:inline-block;margin:0 1rem 1rem 0}",
            "</style>",
            "</head>",
            "<body>",
            "<h1>Sharp signals — \(e(report.gameDate.description))</h1>",
            "<p id=\"summary\">Record <strong>\(e(ReportText.record(s)))</strong> (\(s.pending) pending) · hit rate "
                + "\(e(ReportText.percent(s.hitRate))) · profit <strong>\(e(ReportText.money(s.profit)))</strong> on "
                + "\(e(ReportText.money(s.staked))) staked · ROI \(e(ReportText.percent(s.roi)))</p>",
            "<figure>", SVGCharts.differentialScatter(report.signals),
            "<figcaption>Each settled signal: strength against profit per $100.</figcaption>", "</figure>",
            "<figure>", SVGCharts.cumulativeProfit(report.signals),
            "<figcaption>Running profit, $100 on every signal (−110 unless a price is known).</figcaption>", "</figure>",
            "<h2>Signals</h2>",
            "<table id=\"signals\">",
            "<thead><tr><th>Game</th><th>ET</th><th>Pick</th><th>Confidence</th><th>Record</th><th>Rules</th><th>Result</th>"
                + "<th>Price</th>" + (report.staking != nil ? "<th>Stake</th>" : "") + "<th>Profit</th><th>Score</th><th>Why</th></tr></thead>",
            "<tbody>",
        ]
        for graded in report.signals {
            let signal = graded.signal
            let cells = [signal.game.matchup, ReportText.start(signal), signal.pick,
                         "\(NumberText.plain(signal.confidence.value)) (\(signal.confidence.label))",
                         ReportText.strategyRecord(graded), signal.rules.map(\.title).joined(separator: ", ")]
            let stake = report.staking != nil ? "<td>\(e(ReportText.stakes(graded) ?? ""))</td>" : ""
            html.append("<tr>" + cells.map { "<td>\(e($0))</td>" }.joined()
                + "<td class=\"\(graded.result.rawValue)\">\(graded.result.rawValue)</td>"
                + "<td>\(e(ReportText.price(graded.price) + " (" + graded.priceSource + ")" + ReportText.edge(graded)))</td>\(stake)<td>\(e(ReportText.money(graded.profit)))</td>"
                + "<td>\(e(graded.finalScore ?? ""))</td><td>\(e(signal.hits.map(\.detail).joined(separator: "; ")))</td></tr>")
        }
        if report.signals.isEmpty { html.append("<tr><td colspan=\"12\">No signals stored for this day.</td></tr>") }
        html += ["</tbody>", "</table>"]
        for (id, title, records) in [("by-rule", "By rule", report.byRule), ("by-source", "By source", report.bySource)] {
            html += ["<h2>\(title)</h2>", "<table id=\"\(id)\">",
                     "<thead><tr><th>Name</th><th>Signals</th><th>W-L-P</th><th>Hit rate</th><th>Profit</th><th>ROI</th></tr></thead>",
                     "<tbody>"]
            html += records.map { record in
                "<tr><td>\(e(record.name))</td><td>\(record.signals)</td><td>\(e(ReportText.record(record)))</td>"
                    + "<td>\(e(ReportText.percent(record.hitRate)))</td><td>\(e(ReportText.money(record.profit)))</td>"
                    + "<td>\(e(ReportText.percent(record.roi)))</td></tr>"
            }
            html += ["</tbody>", "</table>"]
        }
        html += ["<p><small>Generated \(e(EasternTime.dayAndClock(report.generatedAt))). Times are America/New_York.</small></p>",
                 "</body>", "</html>"]
        return html.joined(separator: "\n") + "\n"
    }
}
