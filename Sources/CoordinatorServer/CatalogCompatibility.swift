import Foundation

/// Rewrites what PostgreSQL tools send into SQL DuckDB answers: `version()`,
/// `current_setting(…)`, psql's `OPERATOR(pg_catalog.~)` and `COLLATE pg_catalog.default`, and
/// the catalog queries behind psql's `\dt`, `\d`, `\l`.
///
/// ```swift
/// CatalogCompatibility.rewrite("SELECT version()", parameters: parameters)
/// // "SELECT 'PostgreSQL 15.0 (sharp) on DuckDB'"
/// ```
enum CatalogCompatibility {
    static func rewrite(_ sql: String, parameters: SessionParameters, duckDBVersion: String) -> String {
        // Most statements name none of what is rewritten: a byte scan says so without a regex.
        guard SQLScript.mentions(sql, "pg_catalog.") || SQLScript.mentions(sql, "version()")
            || SQLScript.mentions(sql, "current_setting") || SQLScript.mentions(sql, "::bytea")
            || SQLScript.mentions(sql, "_user") || SQLScript.mentions(sql, "current_role") else { return sql }
        if let replacement = PsqlCatalogQueries.replacement(for: sql) ?? JDBCCatalogQueries.replacement(for: sql) { return replacement }
        var text = sql
        if firstMatch(#"^\s*(?i:SELECT)\s+((?i:pg_catalog\.)?(?i:version)\(\))\s*;?\s*$"#, in: sql) != nil {
            return "SELECT \(quote("PostgreSQL \(parameters.value(of: "server_version") ?? "15.0") on DuckDB \(duckDBVersion)")) AS version"
        }
        if text.range(of: "version()", options: .caseInsensitive) != nil {
            let version = "PostgreSQL \(parameters.value(of: "server_version") ?? "15.0") on DuckDB \(duckDBVersion)"
            text = replace(#"(pg_catalog\.)?version\(\)"#, in: text) { _ in quote(version) }
        }
        if text.range(of: "current_setting", options: .caseInsensitive) != nil {
            text = replace(#"(pg_catalog\.)?current_setting\(\s*'([^']*)'\s*(,\s*(true|false)\s*)?\)"#, in: text) { groups in
                guard let value = parameters.value(of: groups[2]) else { return nil }
                return quote(value)
            }
        }
        if SQLScript.mentions(text, "_user") || SQLScript.mentions(text, "current_role") {
            // The login, not DuckDB's fixed 'duckdb'.
            let login = quote(parameters.value(of: "user") ?? "")
            text = replace(#"(?<![\w."'])(pg_catalog\.)?(current_user|session_user|current_role)\b(\s*\(\s*\))?"#, in: text) { _ in login }
        }
        if text.contains("pg_inherits") || text.contains("pg_partitioned_table") {
            // Catalogs of inheritance and partitioning DuckDB has no use for: empty, with their columns
            // (pgbench's probe for pgbench_accounts joins both).
            text = replace(#"(?<![\w."])(pg_catalog\.)?pg_inherits\b"#, in: text) { _ in
                "(SELECT NULL::BIGINT AS inhrelid, NULL::BIGINT AS inhparent, NULL::INTEGER AS inhseqno, false AS inhdetachpending WHERE false)"
            }
            text = replace(#"(?<![\w."])(pg_catalog\.)?pg_partitioned_table\b"#, in: text) { _ in
                "(SELECT NULL::BIGINT AS partrelid, NULL::VARCHAR AS partstrat, NULL::SMALLINT AS partnatts WHERE false)"
            }
        }
        if text.contains("pg_catalog.") {
            // Built-in functions named through pg_catalog (DuckDB reads `pg_catalog.count` as a column).
            text = replace(#"pg_catalog\.(count|sum|min|max|avg|coalesce|array_position|array_length|array_upper|array_lower|current_schemas|current_schema|current_database|lower|upper|length|substring|concat|now)\s*\("#,
                           in: text) { groups in groups[1] + "(" }
        }
        if text.contains("OPERATOR(pg_catalog.") {
            text = replace(#"OPERATOR\(pg_catalog\.([~!<>=*]+)\)"#, in: text) { groups in groups[1] }
        }
        text = text.replacingOccurrences(of: " COLLATE pg_catalog.default", with: "")
        return hexByteaLiterals(text)
    }

    /// PostgreSQL's hex bytea literal `'\x00ff'::bytea` (what psycopg2 and other drivers that
    /// quote on the client send) as DuckDB's `unhex('00ff')`: DuckDB would read `\x00` as one
    /// escaped byte and the rest as characters.
    static func hexByteaLiterals(_ sql: String) -> String {
        guard SQLScript.mentions(sql, "::bytea") else { return sql }
        return replace(#"(?<![\w'])'\\\\?x([0-9a-f]*)'::bytea\b"#, in: sql) { groups in "unhex('\(groups[1])')" }
    }

    /// The first capture group of `pattern`'s first match in `text`.
    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length)),
              match.numberOfRanges > 1, match.range(at: 1).location != NSNotFound else { return nil }
        return (text as NSString).substring(with: match.range(at: 1))
    }

    static func quote(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

    /// `name` as a quoted identifier.
    static func quoteIdentifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// A dotted name (`schema.table`, quotes already removed from each part) quoted part by part.
    static func quoteQualified(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { quoteIdentifier(String($0)) }.joined(separator: ".")
    }

    /// Replaces each match of `pattern` by what `make` returns for its groups (nil keeps the match).
    static func replace(_ pattern: String, in text: String, _ make: ([String]) -> String?) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return text }
        let source = text as NSString
        var result = ""
        var last = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: source.length)) {
            var groups: [String] = []
            for index in 0..<match.numberOfRanges {
                let range = match.range(at: index)
                groups.append(range.location == NSNotFound ? "" : source.substring(with: range))
            }
            result += source.substring(with: NSRange(location: last, length: match.range.location - last))
            result += make(groups) ?? groups[0]
            last = match.range.location + match.range.length
        }
        result += source.substring(from: last)
        return result
    }
}
