import DuckCoordinator
import DuckDBKit

/// Many rows in as few statements as both engines take: `INSERT INTO t (cols) VALUES (…), (…)
/// <suffix>`, cut into chunks of at most ``maxParameters`` bound values (PostgreSQL's protocol
/// allows 65,535 per statement). One statement per chunk instead of one per row: DuckDB spends
/// most of a single-row statement on setting it up, and PostgreSQL on the round trip.
///
/// Each chunk of ``minimumStagedRows`` or more also carries its staged form
/// (``StagedStatement``: the rows appended into a staging table, then `INSERT INTO t (cols)
/// SELECT cols FROM <staging> <suffix>`), which a DuckDB writer in this process runs instead:
/// planning a multi-row `VALUES` of a few hundred values costs DuckDB tens of milliseconds, the
/// staged form's statements are prepared once.
///
/// ```swift
/// let statements = MultiRowInsert(table: "book_prices", columns: ["game_key", "book"], suffix: "ON CONFLICT DO NOTHING")
///     .statements(rows)   // [WriteJob.Statement], sql "INSERT INTO book_prices (game_key, book) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
/// ```
///
/// Contract: every row has `columns.count` values; no rows, no statements. `table`, `columns`
/// and `suffix` are trusted SQL text from code; `suffix` may name the target table (`games.x`)
/// and `excluded`, never the rows' source.
struct MultiRowInsert: Sendable {
    /// Bound values per statement at most.
    static let maxParameters = 30_000

    let table: String
    let columns: [String]
    /// What follows the rows (`ON CONFLICT …`), or empty.
    let suffix: String

    /// Rows per statement.
    var rowsPerStatement: Int { max(1, Self.maxParameters / max(1, columns.count)) }

    /// Fewest rows a statement is staged for: DuckDB plans a multi-row `VALUES` of a few rows
    /// in less than staging costs (the writer's CPU for a pre-game run's store job of 3–4-row
    /// statements: 12–18 ms as multi-row statements, 17–25 ms staged; BENCHMARKS.md).
    static let minimumStagedRows = 10

    /// The statements inserting `rows`, in order, each with its staged form (`staged`, the
    /// default) or without (a caller that stages several statements' rows at once).
    func statements(_ rows: [[DuckDBValue]], staged: Bool = true) -> [WriteJob.Statement] {
        let tail = suffix.isEmpty ? "" : " \(suffix)"
        let columnList = columns.joined(separator: ", ")
        return stride(from: 0, to: rows.count, by: rowsPerStatement).map { start in
            let chunk = Array(rows[start..<min(rows.count, start + rowsPerStatement)])
            let values = SQLQuery.joined(chunk.map { row in "(\(list: row))" }, separator: ", ")
            let portable: SQLQuery = "INSERT INTO \(raw: table) (\(raw: columnList)) VALUES \(values)\(raw: tail)"
            let stagedForm = staged && chunk.count >= Self.minimumStagedRows
                ? StagedStatement(table: table, columns: columns, rows: chunk, sql: stagedSQL()) : nil
            return WriteJob.Statement(sql: portable.sql, rows: [portable.parameters], staged: stagedForm)
        }
    }

    /// The staged form's insert: the rows read from the staging table of ``table``'s
    /// ``columns``, with `returning` (`RETURNING …`) after the suffix when given.
    func stagedSQL(returning: String = "") -> String {
        let columnList = columns.joined(separator: ", ")
        let staging = StagedStatement.stagingTable(for: table, columns: columns)
        return [
            "INSERT INTO \(table) (\(columnList)) SELECT \(columnList) FROM \(staging)", suffix, returning,
        ].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
