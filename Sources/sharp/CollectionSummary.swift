import DuckCoordinator
import SharpBetting

/// Per-feed totals over the captures of one `sharp collect` run, printed as a table.
struct CollectionSummary {
    struct Row {
        var parsed = 0, rejected = 0, stored = 0, duplicates = 0, errors = 0
        var milliseconds = 0.0
        /// Captures in which the feed failed (fetch, payload, or most rows unparsed), of `captures`.
        var failedCaptures = 0, captures = 0
    }

    let feeds: [SourceFeed]
    var rows: [SourceFeed: Row] = [:]
    var storeMilliseconds = 0.0

    init(feeds: [SourceFeed]) { self.feeds = feeds }

    mutating func add(_ report: CollectionReport) {
        for feed in report.feeds {
            var row = rows[feed.feed] ?? Row()
            row.parsed += feed.parsed
            row.rejected += feed.rejected
            row.captures += 1
            if feed.failed { row.failedCaptures += 1 }
            row.stored += feed.stored
            row.duplicates += feed.duplicates
            row.errors += feed.errors.count
            row.milliseconds += feed.milliseconds
            rows[feed.feed] = row
        }
        storeMilliseconds += report.storeMilliseconds
    }

    var parsedAnything: Bool { rows.values.contains { $0.parsed > 0 } }

    func table(captures: Int, path: String, route: String) -> String {
        func cell(_ text: String, _ width: Int, left: Bool = false) -> String {
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + pad : pad + text
        }
        func line(_ values: [String]) -> String {
            cell(values[0], 12, left: true) + values.dropFirst().map { cell($0, 11) }.joined()
        }
        var lines = [counted(captures, "capture") + " into \(path) (\(route))",
                     line(["source", "parsed", "rejected", "stored", "duplicates", "errors", "ms", "status"])]
        var total = Row()
        for feed in feeds {
            let row = rows[feed] ?? Row()
            let status = row.failedCaptures == 0 ? "ok" : "FAILED \(row.failedCaptures)/\(row.captures)"
            lines.append(line([feed.name, "\(row.parsed)", "\(row.rejected)", "\(row.stored)", "\(row.duplicates)",
                               "\(row.errors)", "\(Int(row.milliseconds.rounded()))", status]))
            total.parsed += row.parsed
            total.rejected += row.rejected
            total.stored += row.stored
            total.duplicates += row.duplicates
            total.errors += row.errors
        }
        lines.append(line(["store", "", "", "", "", "", "\(Int(storeMilliseconds.rounded()))", ""]))
        lines.append(line(["total", "\(total.parsed)", "\(total.rejected)", "\(total.stored)", "\(total.duplicates)",
                           "\(total.errors)", "", ""]))
        return lines.joined(separator: "\n")
    }
}
