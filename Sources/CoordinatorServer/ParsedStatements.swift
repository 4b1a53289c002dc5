/// What Parse made of each statement text a session sent — its routing, the authorization it
/// passed, DuckDB's inferred parameter types with the catalog generation they were inferred
/// under — so a client that parses the same text again for every execution (pgbench
/// `-M extended`, a driver's unnamed statement) pays a dictionary lookup instead of a trip to
/// a reader thread per Bind.
///
/// ```swift
/// var parsed = ParsedStatements()
/// let key = ParsedStatements.Key(text: sql, declared: [])
/// if let known = parsed[key] { statements[""] = known.reparsed(catalog: db.catalogGeneration) }
/// parsed[key] = query   // after Parse, and again once Bind or Describe inferred its types
/// ```
/// Contract: one session's, on its executor. Emptied by SET (the session's parameters shape the
/// SQL DuckDB sees and who may run it) and when it holds ``capacity`` texts; inferred types
/// come back only while the catalog's generation is the one they were inferred under.
struct ParsedStatements {
    /// A Parse's text as the client sent it and the parameter types it declared.
    struct Key: Hashable {
        let text: String
        let declared: [Int32]
    }

    static let capacity = 256
    private var entries: [Key: PreparedQuery] = [:]

    subscript(key: Key) -> PreparedQuery? {
        get { entries[key] }
        set {
            if newValue != nil, entries[key] == nil, entries.count >= Self.capacity { entries.removeAll() }
            entries[key] = newValue
        }
    }

    var count: Int { entries.count }

    mutating func removeAll() { entries.removeAll() }
}
