import Foundation

/// Parses VSIN's betting-splits page (HTML, one page per book) into ``Split`` values.
///
/// The page has one `<table>` whose class contains `freezetable`. Each game is a `tbody tr` with
/// at least 10 `td`s, and every cell holds the **away** value, then `<hr>`, then the **home**
/// value (for totals: over, then under). Cells by position:
///
/// | # | content | # | content |
/// |---|---|---|---|
/// | 0 | team links `/mlb/teams/<slug>`, away first | 5 | total handle % |
/// | 1 | moneyline | 6 | total bets % |
/// | 2 | moneyline handle % | 7 | run line |
/// | 3 | moneyline bets % | 8 | run-line handle % |
/// | 4 | total | 9 | run-line bets % |
///
/// The line cells (1, 4, 7) come in two shapes, both read: the live page puts each team's
/// value in its **own** `div.scorebox_highlight` with the `<hr>` between the two divs
/// (DraftKings wraps each value in an `<a>` inside its div); older pages put both values,
/// split by `<hr>`, inside **one** such div. A cell without the div is read as plain text.
///
/// Arrow icons, `&nbsp;` and hidden `div.collapse` blocks ("Win"/"Loss") are not data and are
/// skipped. The header's `/mlb/games/?gamedate=YYYY-MM-DD` link becomes
/// ``ParseOutcome/slateDate``. Rows carry no start time, so `gameTime` is nil.
///
/// Strictness: no such table → one payload-level error. In a row, a value that is not a
/// number/percentage, a percentage outside 0…100 or two sides not adding up to 100 ± 2 drops
/// that market only (the game's other markets still parse); an unknown team drops every market
/// of the game. Each is reported and counted in ``ParseOutcome/failedRows``. A market whose
/// four percentages are all 0 is skipped silently.
///
/// ```swift
/// let outcome = VSINParser.parse(html, capturedAt: Date(), book: .dk)
/// outcome.slateDate                 // 2025-06-17
/// outcome.values.first?.matchup     // "PHI@NYM"
/// ```
public enum VSINParser {
    /// How far two sides' integer percentages may add up away from 100.
    public static let sumTolerance = 2.0

    /// Cell positions of one market: line, handle % and bets %.
    private static let layout: [(market: Market, name: String, line: Int, handle: Int, bets: Int)] = [
        (.moneyline, "moneyline", 1, 2, 3),
        (.total, "total", 4, 5, 6),
        (.spread, "run line", 7, 8, 9),
    ]

    /// Parses one VSIN page.
    ///
    /// - Parameters:
    ///   - data: the page's HTML.
    ///   - capturedAt: when it was fetched.
    ///   - book: the page's book (`bookid`), e.g. ``Book/circa`` or ``Book/dk``.
    public static func parse(_ data: Data, capturedAt: Date, book: Book) -> ParseOutcome<Split> {
        let reject = { (message: String) -> ParseOutcome<Split> in
            .rejected(ParseError(source: .vsin, book: book, kind: .payload, message: message))
        }
        guard let document = HTMLDocument(data) else { return reject("not an HTML document") }
        let outcome: ParseOutcome<Split>? = document.withRoot { root in
            let tables = root.descendants(where: {
                $0.name == "table" && ($0.attribute("class") ?? "").contains("freezetable")
            })
            guard let table = tables.first else { return nil }
            var outcome = ParseOutcome<Split>(slateDate: slateDate(in: table) ?? slateDate(in: root))
            let rows = table.descendants(named: "tbody").flatMap { $0.descendants(named: "tr") }
            for (index, row) in rows.enumerated() {
                let cells = row.elementChildren.filter { $0.name == "td" }
                guard cells.count >= 10 else { continue }
                let row = parseRow(cells, capturedAt: capturedAt, book: book)
                outcome.values += row.splits
                outcome.failedRows += row.failedMarkets
                if let failure = row.failure {
                    let game = failure.game ?? "row \(index + 1)"
                    outcome.errors += failure.errors.map { $0.parseError(source: .vsin, book: book, game: game) }
                }
            }
            return outcome
        }
        return outcome ?? reject("no <table> whose class contains 'freezetable'")
    }

    private struct RowFailure: Error {
        var game: String?
        var errors: [FieldError]
    }

    /// The markets of a row that parsed, and the faults of those that did not.
    private struct ParsedRow {
        var splits: [Split] = []
        var failedMarkets = 0
        var failure: RowFailure?
    }

    /// Each market of the row parses on its own: a faulty cell loses only its market.
    private static func parseRow(_ cells: [HTMLNode], capturedAt: Date, book: Book) -> ParsedRow {
        let away: Team, home: Team
        do throws(RowFailure) {
            (away, home) = try teams(in: cells[0])
        } catch {
            return ParsedRow(failedMarkets: layout.count, failure: error)
        }
        var errors: [FieldError] = []
        var splits: [Split] = []
        for entry in layout {
            do throws(FieldError) {
                let lines = try lineValues(in: cells[entry.line], field: entry.name)
                let handle = try values(in: cells[entry.handle], field: "\(entry.name) handle %")
                let bets = try values(in: cells[entry.bets], field: "\(entry.name) bets %")
                let firstLine = try line(lines.first, field: entry.name)
                let secondLine = try line(lines.second, field: entry.name)
                let firstMoney = try percentage(handle.first, field: "\(entry.name) handle %")
                let secondMoney = try percentage(handle.second, field: "\(entry.name) handle %")
                let firstBets = try percentage(bets.first, field: "\(entry.name) bets %")
                let secondBets = try percentage(bets.second, field: "\(entry.name) bets %")
                if [firstMoney, secondMoney, firstBets, secondBets].allSatisfy({ $0 == 0 }) { continue }
                try Percentages.checkSum(firstMoney, secondMoney, tolerance: sumTolerance,
                                         field: "\(entry.name) handle %")
                try Percentages.checkSum(firstBets, secondBets, tolerance: sumTolerance,
                                         field: "\(entry.name) bets %")
                // Cells list away then home; for totals the first value is the over, which is
                // the home-or-over side, and the second the under.
                let isTotal = entry.market.isTotal
                splits.append(Split(
                    source: .vsin, book: book, market: entry.market, away: away, home: home,
                    capturedAt: capturedAt,
                    lineAwayOrOver: firstLine, lineHomeOrUnder: secondLine,
                    awayOrUnderBetsPct: isTotal ? secondBets : firstBets,
                    awayOrUnderMoneyPct: isTotal ? secondMoney : firstMoney,
                    homeOrOverBetsPct: isTotal ? firstBets : secondBets,
                    homeOrOverMoneyPct: isTotal ? firstMoney : secondMoney))
            } catch {
                errors.append(error)
            }
        }
        let game = "\(away.rawValue)@\(home.rawValue)"
        return ParsedRow(splits: splits, failedMarkets: errors.count,
                         failure: errors.isEmpty ? nil : RowFailure(game: game, errors: errors))
    }

    /// The two teams from the `/mlb/teams/<slug>` links (away first), or from the two text
    /// values when the cell has no such links.
    private static func teams(in cell: HTMLNode) throws(RowFailure) -> (Team, Team) {
        let slugs = cell.descendants(where: { $0.name == "a" }, prune: isNotData)
            .compactMap { $0.attribute("href") }
            .filter { $0.contains("/mlb/teams/") }
            .map { href in
                href.split(separator: "?").first.map(String.init)?
                    .split(separator: "/").last.map(String.init) ?? href
            }
        let names: [String]
        if slugs.count == 2 {
            names = slugs
        } else {
            let texts = cellValues(cell)
            guard slugs.isEmpty, texts.count == 2 else {
                throw RowFailure(game: nil, errors: [FieldError(
                    field: "teams", kind: .missingField,
                    message: "expected two team links, found \(slugs.count)")])
            }
            names = texts
        }
        let game = "\(names[0])@\(names[1])"
        var teams: [Team] = []
        var errors: [FieldError] = []
        for (side, name) in zip(["away", "home"], names) {
            do {
                teams.append(try TeamAliases.team(named: name))
            } catch {
                errors.append(FieldError(field: "\(side) team", kind: .unknownTeam, message: "unknown team '\(name)'"))
            }
        }
        guard errors.isEmpty else { throw RowFailure(game: game, errors: errors) }
        return (teams[0], teams[1])
    }

    /// The away (first) and home (second) values of a line cell (1, 4 or 7), in either shape:
    /// two `div.scorebox_highlight` (live: one per team, `<hr>` between them), one such div
    /// holding both values split by `<hr>` (older pages), or plain text split by `<hr>`.
    private static func lineValues(in cell: HTMLNode, field: String) throws(FieldError) -> (first: String, second: String) {
        let boxes = cell.descendants(where: { $0.hasClass("scorebox_highlight") }, prune: isNotData)
        switch boxes.count {
        case 0:
            return try values(in: cell, field: field)
        case 1:
            return try values(in: boxes[0], field: field)
        case 2:
            let texts = boxes.map { cellValues($0).filter { !$0.isEmpty } }
            guard texts[0].count == 1, texts[1].count == 1 else {
                throw FieldError(field: field, kind: .missingField, message:
                    "expected one value in each of the two div.scorebox_highlight, found \(texts[0].count) and \(texts[1].count)")
            }
            return (texts[0][0], texts[1][0])
        default:
            throw FieldError(field: field, kind: .missingField, message:
                "expected one div.scorebox_highlight per team (two), found \(boxes.count)")
        }
    }

    /// The away (first) and home (second) texts of a cell.
    private static func values(in node: HTMLNode, field: String) throws(FieldError) -> (first: String, second: String) {
        let texts = cellValues(node)
        guard texts.count == 2 else {
            throw FieldError(field: field, kind: .missingField,
                             message: "expected an away and a home value separated by <hr>, found \(texts.count) value(s)")
        }
        return (texts[0], texts[1])
    }

    /// Hidden result blocks, icons and scripts hold no data.
    private static func isNotData(_ node: HTMLNode) -> Bool {
        switch node.name {
        case "script", "style": true
        case "div": node.hasClass("collapse")
        case "i": node.classes.contains { $0 == "fa" || $0.hasPrefix("fa-") }
        default: false
        }
    }

    /// The texts of a cell split at its `<hr>`s, whitespace (and `&nbsp;`) trimmed, skipping
    /// subtrees that are not data.
    static func cellValues(_ cell: HTMLNode) -> [String] {
        var segments = [""]
        func visit(_ node: HTMLNode) {
            for child in node.children {
                if child.isText {
                    segments[segments.count - 1] += child.content
                } else if child.isElement, !isNotData(child) {
                    if child.name == "hr" { segments.append("") } else { visit(child) }
                }
            }
        }
        visit(cell)
        return segments.map { segment in
            segment.replacingOccurrences(of: "\u{00A0}", with: " ")
                .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    /// A line value: `-168`, `+143`, `150`, `8.5`, `-1.5`; empty or a dash means no line.
    private static func line(_ text: String, field: String) throws(FieldError) -> Double? {
        let normalized = text.replacingOccurrences(of: "\u{2212}", with: "-")
        if ["", "-", "\u{2013}", "\u{2014}", "N/A", "n/a"].contains(normalized) { return nil }
        let digits = normalized.hasPrefix("+") ? String(normalized.dropFirst()) : normalized
        guard let value = Double(digits), value.isFinite else {
            throw FieldError(field: field, kind: .invalidValue, message: "'\(text)' is not a line")
        }
        return value
    }

    /// A percentage such as `45%` (the `%` is optional), in 0…100.
    private static func percentage(_ text: String, field: String) throws(FieldError) -> Double {
        var digits = text
        if digits.hasSuffix("%") { digits = String(digits.dropLast()).trimmingCharacters(in: .whitespaces) }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
              let value = Double(digits)
        else {
            throw FieldError(field: field, kind: .notAPercentage, message: "'\(text)' is not a percentage")
        }
        return try Percentages.checkRange(value, field: field)
    }

    /// The date of the header's `/mlb/games/?gamedate=YYYY-MM-DD` link.
    private static func slateDate(in node: HTMLNode) -> SlateDate? {
        for link in node.descendants(named: "a") {
            guard let href = link.attribute("href"),
                  let query = href.split(separator: "?", maxSplits: 1).dropFirst().first else { continue }
            for pair in query.split(separator: "&") where pair.hasPrefix("gamedate=") {
                if let date = SlateDate(String(pair.dropFirst("gamedate=".count))) { return date }
            }
        }
        return nil
    }
}
