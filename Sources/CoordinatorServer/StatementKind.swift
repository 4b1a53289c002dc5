/// How the server routes one statement, decided from its leading keywords.
///
/// ```swift
/// StatementKind("INSERT INTO t VALUES (1)") // .write
/// StatementKind("SELECT 1")                 // .read
/// ```
public enum StatementKind: Sendable, Equatable {
    /// Runs on the reader pool: SELECT, WITH, EXPLAIN, VALUES, DESCRIBE, PRAGMA, CALL, …
    case read
    /// One queued write through the group-commit scheduler: INSERT, UPDATE, DELETE, …
    case write
    /// Schema changes and everything else that must run on the writer at once.
    case immediate
    case begin
    case commit
    case rollback
    /// `SET name = value` / `SET name TO value` / `RESET name`: session parameters.
    case set
    /// `SHOW name`: a session parameter.
    case show
    /// COPY … FROM STDIN.
    case copyFromStdin
    /// COPY … TO STDOUT: a read whose rows go out as COPY data.
    case copyToStdout

    public init(_ sql: String) {
        let words = SQLScript.keywords(sql, count: 2)
        switch words.first ?? "" {
        case "SELECT", "WITH", "EXPLAIN", "VALUES", "TABLE", "DESCRIBE", "SUMMARIZE", "FROM", "PRAGMA", "CALL": self = .read
        case "SHOW": self = .show
        case "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT": self = .write
        case "BEGIN", "START": self = .begin
        case "COMMIT", "END": self = .commit
        case "ROLLBACK", "ABORT": self = .rollback
        case "SET", "RESET": self = .set
        case "COPY":
            let upper = SQLScript.tokens(sql).map(\.upper)
            let pairs = zip(upper, upper.dropFirst())
            self = pairs.contains { $0 == "FROM" && $1 == "STDIN" } ? .copyFromStdin
                : pairs.contains { $0 == "TO" && $1 == "STDOUT" } ? .copyToStdout : .immediate
        default: self = .immediate
        }
    }

    /// The CommandComplete tag for `sql` of this kind, given the rows it returned or changed.
    public static func commandTag(_ sql: String, rows: Int) -> String {
        let words = SQLScript.keywords(sql, count: 5)
        let first = words.first ?? ""
        switch first {
        case "SELECT", "WITH", "VALUES", "TABLE", "FROM", "SHOW", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "PRAGMA", "CALL":
            return "SELECT \(rows)"
        case "INSERT": return "INSERT 0 \(rows)"
        case "UPDATE", "DELETE", "MERGE": return "\(first) \(rows)"
        case "COPY": return "COPY \(rows)"
        case "TRUNCATE": return "TRUNCATE TABLE"
        case "BEGIN", "START": return "BEGIN"
        case "COMMIT", "END": return "COMMIT"
        case "ROLLBACK", "ABORT": return "ROLLBACK"
        case "CREATE", "DROP", "ALTER":
            // CREATE [OR REPLACE] [TEMP|TEMPORARY|UNIQUE] TABLE … -> "CREATE TABLE"
            let skipped: Set<String> = ["OR", "REPLACE", "TEMP", "TEMPORARY", "UNIQUE", "IF", "NOT", "EXISTS", "PERSISTENT"]
            let object = words.dropFirst().first { !skipped.contains($0) } ?? ""
            return object.isEmpty ? first : "\(first) \(object)"
        default: return first
        }
    }
}
