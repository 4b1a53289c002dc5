import DuckCoordinator

/// A session's run-time parameters (`SET`/`SHOW`/`current_setting`), with PostgreSQL's
/// defaults, plus sharp's own `sharp.priority`, the priority of the session's writes, and
/// `sharp.engine` (read-only, `duckdb`: how a client tells a sharp owner from PostgreSQL).
///
/// ```swift
/// var parameters = SessionParameters(user: "sharp", database: "main")
/// try parameters.apply("SET sharp.priority = 'critical'") // parameters.priority == .critical
/// parameters.value(of: "TimeZone")                       // "UTC"
/// ```
struct SessionParameters {
    private(set) var values: [String: (name: String, value: String)] = [:]
    private(set) var priority: OperationPriority = .normal

    /// Parameters reported in ParameterStatus at startup (and again when SET changes them).
    static let reported: Set<String> = [
        "server_version", "server_encoding", "client_encoding", "datestyle", "timezone", "integer_datetimes",
        "standard_conforming_strings", "application_name", "intervalstyle", "is_superuser", "session_authorization",
    ]

    init(user: String, database: String, serverVersion: String, applicationName: String, superuser: Bool = false) {
        let defaults: [(String, String)] = [
            ("server_version", serverVersion), ("server_version_num", "150000"), ("server_encoding", "UTF8"),
            ("client_encoding", "UTF8"), ("DateStyle", "ISO, MDY"), ("TimeZone", "UTC"), ("integer_datetimes", "on"),
            ("standard_conforming_strings", "on"), ("application_name", applicationName), ("IntervalStyle", "postgres"),
            ("is_superuser", superuser ? "on" : "off"), ("session_authorization", user), ("search_path", "main"),
            ("transaction_isolation", "serializable"), ("default_transaction_isolation", "serializable"),
            ("transaction_read_only", "off"), ("default_transaction_read_only", "off"), ("max_identifier_length", "63"),
            ("extra_float_digits", "1"), ("statement_timeout", "0"), ("lock_timeout", "0"),
            ("idle_in_transaction_session_timeout", "0"), ("lc_messages", "C"), ("lc_collate", "C"), ("lc_ctype", "C"),
            ("lc_monetary", "C"), ("lc_numeric", "C"), ("lc_time", "C"), ("bytea_output", "hex"),
            ("client_min_messages", "notice"), ("datestyle", "ISO, MDY"), ("sharp.priority", "normal"),
            ("sharp.engine", "duckdb"),
            ("database", database), ("user", user), ("max_connections", "100"), ("block_size", "8192"),
        ]
        for (name, value) in defaults { values[name.lowercased()] = (name, value) }
    }

    /// The value of `name` (case-insensitive), or nil when unknown.
    func value(of name: String) -> String? { values[name.lowercased()]?.value }

    /// The display name of `name` (as PostgreSQL spells it).
    func displayName(of name: String) -> String { values[name.lowercased()]?.name ?? name }

    /// Applies `SET [SESSION|LOCAL] name {=|TO} value[, …]`, `SET TIME ZONE value` or
    /// `RESET name`; returns the name set (lower-cased).
    @discardableResult
    mutating func apply(_ sql: String) throws -> String {
        var text = SQLScript.stripComments(sql).trimmingWhitespace
        if text.hasSuffix(";") { text.removeLast() }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let verb = words.first?.uppercased() else { throw SessionError(SQLState.syntaxError, "empty SET") }
        var rest = Array(words.dropFirst())
        if verb == "RESET" {
            guard let name = rest.first?.lowercased() else { throw SessionError(SQLState.syntaxError, "RESET needs a parameter name") }
            if name == "sharp.priority" { priority = .normal }
            return name
        }
        if let first = rest.first?.uppercased(), first == "SESSION" || first == "LOCAL" { rest.removeFirst() }
        var name: String
        var valueText: String
        if rest.count >= 2, rest[0].uppercased() == "TIME", rest[1].uppercased() == "ZONE" {
            name = "timezone"
            valueText = rest.dropFirst(2).joined(separator: " ")
        } else {
            let joined = rest.joined(separator: " ")
            if let equals = joined.firstIndex(of: "=") {
                name = String(joined[..<equals]).trimmingWhitespace
                valueText = String(joined[joined.index(after: equals)...]).trimmingWhitespace
            } else if rest.count >= 3, rest[1].uppercased() == "TO" {
                name = rest[0]
                valueText = rest.dropFirst(2).joined(separator: " ")
            } else {
                throw SessionError(SQLState.syntaxError, "syntax error in SET: expected SET name = value, got \(sql)")
            }
        }
        name = name.lowercased()
        if name == "sharp.engine" {
            throw SessionError("55P02", "parameter \"sharp.engine\" cannot be changed: it says which engine answers (duckdb)")
        }
        let value = Self.unquote(valueText)
        if name == "sharp.priority" {
            guard let chosen = OperationPriority.allCases.first(where: { $0.description.lowercased() == value.lowercased() }) else {
                throw SessionError(SQLState.invalidText, "invalid value for sharp.priority: \"\(value)\"; use low, normal, high or critical")
            }
            priority = chosen
        }
        values[name] = (displayName(of: name), value.uppercased() == "DEFAULT" ? (values[name]?.value ?? "") : value)
        return name
    }

    static func unquote(_ text: String) -> String {
        let parts = text.split(separator: ",").map { String($0).trimmingWhitespace }
        return parts.map { part in
            if part.count >= 2, part.first == "'", part.last == "'" {
                return String(part.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
            }
            if part.count >= 2, part.first == "\"", part.last == "\"" { return String(part.dropFirst().dropLast()) }
            return part
        }.joined(separator: ", ")
    }
}
