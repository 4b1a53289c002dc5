import DuckDBKit

/// Many rows in as few statements as both engines take: `INSERT INTO t (cols) VALUES (…), (…)
/// <suffix>`, cut into chunks of at most ``maxParameters`` bound values (PostgreSQL's protocol
/// allows 65,535 per statement). One statement per chunk instead of one per row: DuckDB spends
/// most of a single-row statement on setting it up, and PostgreSQL on the round trip.
///
/// ```swift
/// let statements = MultiRowInsert(table: "book_prices", columns: ["game_key", "book"], suffix: "ON CONFLICT DO NOTHING")
///     .statements(rows)   // [SQLQuery], "INSERT INTO book_prices (game_key, book) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
/// ```
///
/// Contract: every row has `columns.count` values; no rows, no statements. `table`, `columns`
/// and `suffix` are trusted SQL text from code.
struct MultiRowInsert: Sendable {
    /// Bound values per statement at most.
    static let maxParameters = 30_000

    let table: String
    let columns: [String]
    /// What follows the rows (`ON CONFLICT …`), or empty.
    let suffix: String

    /// Rows per statement.
    var rowsPerStatement: Int { max(1, Self.maxParameters / max(1, columns.count)) }

    /// The statements inserting `rows`, in order.
    func statements(_ rows: [[DuckDBValue]]) -> [SQLQuery] {
        stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            let chunk = rows[start..<min(rows.count, start + rowsPerStatement)]
            let values = SQLQuery.joined(chunk.map { row in "(\(list: row))" }, separator: ", ")
            let tail: SQLQuery = suffix.isEmpty ? "" : " \(raw: suffix)"
            return "INSERT INTO \(raw: table) (\(raw: columns.joined(separator: ", "))) VALUES \(values)\(tail)"
        }
    }
}
