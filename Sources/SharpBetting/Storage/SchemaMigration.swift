/// One numbered, idempotent schema change, in SQL both engines accept (see the seams in
/// docs/ARCHITECTURE.md: `TEXT`, `DOUBLE PRECISION`, `TIMESTAMPTZ`, no `QUALIFY`).
///
/// ```swift
/// let m = SchemaMigration(version: 3, name: "add alerts", sql: """
///     CREATE TABLE IF NOT EXISTS alerts (alert_id TEXT PRIMARY KEY);
///     CREATE INDEX IF NOT EXISTS alerts_by_id ON alerts (alert_id);
///     """)
/// m.statements.count   // 2
/// ```
public struct SchemaMigration: Sendable, Equatable {
    /// Position in the sequence; applied in increasing order, each once.
    public let version: Int
    /// What it does, in a few words.
    public let name: String
    /// The statements, separated by `;` (written so that running them again changes nothing;
    /// no `;` inside a literal).
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// ``sql`` as one statement each: PostgreSQL's extended protocol (and a prepared
    /// statement in DuckDB) takes one statement at a time.
    public var statements: [String] {
        sql.split(separator: ";").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
