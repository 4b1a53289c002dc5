/// One numbered, idempotent schema change.
///
/// ```swift
/// let m = SchemaMigration(version: 3, name: "add alerts", sql: "CREATE TABLE IF NOT EXISTS alerts (...)")
/// ```
public struct SchemaMigration: Sendable, Equatable {
    /// Position in the sequence; applied in increasing order, each once.
    public let version: Int
    /// What it does, in a few words.
    public let name: String
    /// The statements (written so that running them again changes nothing).
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
