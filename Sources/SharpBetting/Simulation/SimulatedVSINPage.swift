import Foundation

/// VSIN's betting-splits page for one book of a simulated slate: the `freezetable` table with
/// one row per game, every cell "away `<hr>` home" (totals: over, under; the line cells 1, 4
/// and 7 in the live shape, one `div.scorebox_highlight` per value), plus what the parser
/// must ignore — arrow icons, `&nbsp;`, hidden `div.collapse` results, a script, a nav, a
/// decoy legend table and the date row linking `/mlb/games/?gamedate=…`.
/// Circa writes prices plainly (`150`); DraftKings wraps values in links and writes `+143`.
enum SimulatedVSINPage {
    static func payload(_ slate: SimulatedSlate, at index: Int, book: Book) -> Data {
        let hr = "<hr class=\"my-1\">"
        let isDK = book == .dk
        func wrap(_ text: String, _ game: SimulatedGame) -> String {
            isDK ? "<a href=\"/mlb/odds/\(game.gamePk)\" target=\"_blank\">\(text)</a>" : text
        }
        func price(_ value: Int) -> String { isDK && value > 0 ? "+\(value)" : String(value) }
        func pct(_ value: Int, arrow: String? = nil) -> String {
            "\(value)%&nbsp;" + (arrow.map { " <i class=\"fa fa-arrow-\($0)\"></i>" } ?? "")
        }
        func slug(_ team: Team) -> String {
            team.fullName.lowercased().replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "-")
        }
        var rows: [String] = []
        for (position, game) in slate.listed(at: index).enumerated() {
            let progress = slate.progress(of: game, at: index)
            let p = slate.fair(game, at: index).home
            let vig = isDK ? 0.05 : 0.03
            let ml = slate.percentages(game, .moneyline, at: index, book: book)
            let total = slate.percentages(game, .total, at: index, book: book)
            let spread = slate.percentages(game, .spread, at: index, book: book)
            let previous = index > 0 ? slate.percentages(game, .moneyline, at: index - 1, book: book).money : ml.money
            let arrow: String? = ml.money == previous ? nil : (ml.money > previous ? "up" : "down")
            let homePoints = game.homeSpreadPoints
            let totalText = SimulatedPinnacleFeed.points(game.total(progress: progress))
            let teams = "<a class=\"txt-color-vsinred\" href=\"/mlb/teams/\(slug(game.away))\">\(game.away.fullName)</a>"
                + (position % 2 == 0 ? "<div class=\"collapse\" id=\"result-\(game.gamePk)\">Win\(hr)Loss</div>" : "")
                + "&nbsp;\(hr)<a class=\"txt-color-vsinred\" href=\"/mlb/teams/\(slug(game.home))\">\(game.home.fullName)</a>"
            // The live layout: each team's value in its own scorebox div, the <hr> between them.
            func boxes(_ first: String, _ second: String) -> String {
                let box = "<div class=\"scorebox_highlight text-center game_highlight_\(book.rawValue)\">"
                return box + wrap(first, game) + "</div>" + hr + box + wrap(second, game) + "</div>"
            }
            let moneyline = boxes(price(SimulatedSlate.americanPrice(fair: 1 - p, vig: vig)),
                                  price(SimulatedSlate.americanPrice(fair: p, vig: vig)))
            let cells = [
                teams,
                moneyline,
                pct(100 - ml.money, arrow: arrow.map { $0 == "up" ? "down" : "up" }) + hr + pct(ml.money, arrow: arrow),
                pct(100 - ml.bets) + hr + pct(ml.bets),
                boxes(totalText, totalText),
                pct(total.money) + hr + pct(100 - total.money),
                pct(total.bets) + hr + pct(100 - total.bets),
                boxes(String(format: "%+.1f", -homePoints), String(format: "%+.1f", homePoints)),
                pct(100 - spread.money) + hr + pct(spread.money),
                pct(100 - spread.bets) + hr + pct(spread.bets),
            ]
            let tds = cells.enumerated().map { n, cell in
                "  <td class=\"\(n == 0 ? "text-left" : "text-center")\">\(cell)</td>"
            }.joined(separator: "\n")
            rows.append("<tr class=\"sp-row\" data-index=\"\(position)\">\n\(tds)\n</tr>")
        }
        let name = isDK ? "DraftKings" : (book == .circa ? "Circa Sports" : book.rawValue)
        let header = "<tr>" + ["Game", "Moneyline", "Handle", "Bets", "Total", "Handle", "Bets", "Run Line", "Handle", "Bets"]
            .map { "<th>\($0)</th>" }.joined() + "</tr>"
        let html = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>MLB Betting Splits | VSiN</title>
            <script>window.dataLayer = window.dataLayer || []; if (1 < 2) { dataLayer.push({}); }</script>
            </head>
            <body>
            <nav><ul><li><a href="/betting-splits/?bookid=circa&amp;view=mlb">Circa</a></li><li><a href="/betting-splits/?bookid=dk&amp;view=mlb">DK</a></li></ul></nav>
            <table class="legend"><tr><td>Handle = share of money</td><td>Bets = share of tickets</td></tr></table>
            <div class="table-responsive">
            <table class="freezetable table table-sm sp-table" id="splits-\(book.rawValue)">
            <thead>
            \(header)
            </thead>
            <tbody>
            <tr class="sp-date"><td colspan="10"><a href="/mlb/games/?gamedate=\(slate.date)">\(slate.date)</a>&nbsp;&middot;&nbsp;\(name)</td></tr>
            \(rows.joined(separator: "\n"))
            </tbody>
            </table>
            </div>
            </body>
            </html>

            """
        return Data(html.utf8)
    }
}
