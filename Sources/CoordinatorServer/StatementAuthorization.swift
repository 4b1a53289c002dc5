/// Whether a session's role may run a statement, decided before it reaches DuckDB; a refusal
/// is SQLSTATE 42501 and names the role the statement needs.
///
/// - ``ServerRole/read`` runs reads, SHOW, SET, COPY … TO STDOUT and transaction control;
///   anything that writes needs ``ServerRole/write`` (and DuckDB refuses a write hidden in a
///   read, since a read role's statements run in read-only transactions).
/// - Below ``ServerRole/admin``, nothing reaches the server's files, extensions or settings.
///   When the server turned DuckDB's own guard on (``ServerConfiguration/locksDownDuckDB``),
///   DuckDB refuses those itself and ``SQLState`` maps its refusal to 42501; otherwise (an admin
///   exists, so the guard must stay off) ``fileAccess(in:)`` finds them in the statement:
///   COPY to or from a file, ATTACH/DETACH, INSTALL/LOAD, EXPORT/IMPORT DATABASE, secrets,
///   PRAGMA/CALL beyond the catalog's, global SET, the table functions that read files and
///   table references that name a file (`FROM 'f.csv'`, `FROM "f.parquet"`, `FROM f.csv`).
///
/// ```swift
/// try StatementAuthorization.check("DELETE FROM games", kind: .write, role: .read, user: "bob", inspectsFiles: false)
/// // throws SessionError 42501: permission denied: DELETE writes, which needs the write role (user "bob" has the read role)
/// ```
enum StatementAuthorization {
    /// - Throws: ``SessionError`` 42501 when `role` may not run `sql`.
    static func check(_ sql: String, kind: StatementKind, role: ServerRole, user: String, inspectsFiles: Bool) throws {
        if role == .admin { return }
        func refuse(_ what: String, needs needed: ServerRole, hint: String? = nil) -> SessionError {
            SessionError(SQLState.insufficientPrivilege,
                         "permission denied: \(what), which needs the \(needed) role (user \"\(user)\" has the \(role) role)",
                         hint: hint)
        }
        let words = SQLScript.keywords(sql, count: 2)
        if kind == .set, words.count == 2, words[1] == "GLOBAL" {
            throw refuse("SET GLOBAL changes the server's settings", needs: .admin)
        }
        if role == .read {
            switch kind {
            case .write, .copyFromStdin:
                throw refuse("\(words.first ?? "the statement") writes", needs: .write)
            case .immediate where !Self.harmlessImmediate.contains(words.first ?? ""):
                if inspectsFiles, let access = fileAccess(in: sql) { throw refuse(access, needs: .admin, hint: fileHint) }
                throw refuse("\(words.first ?? "the statement") changes the database", needs: .write)
            default: break
            }
        }
        if inspectsFiles, let access = fileAccess(in: sql) { throw refuse(access, needs: .admin, hint: fileHint) }
    }

    static let fileHint = "move data through the connection instead: COPY … FROM STDIN and COPY … TO STDOUT (psql's \\copy)"

    /// Statements a read role may send that change nothing.
    static let harmlessImmediate: Set<String> = ["DEALLOCATE", "DISCARD", "LISTEN", "UNLISTEN", "CLOSE"]

    /// What in `sql` would reach the server's files, extensions or settings, or nil.
    static func fileAccess(in sql: String) -> String? {
        let tokens = SQLScript.tokens(sql)
        guard let first = tokens.first?.upper else { return nil }
        switch first {
        case "COPY":
            let upper = tokens.map(\.upper)
            let stdio = zip(upper, upper.dropFirst()).contains { ($0 == "FROM" && $1 == "STDIN") || ($0 == "TO" && $1 == "STDOUT") }
            if !stdio { return "COPY to or from a file reads or writes files on the server" }
        case "ATTACH", "DETACH": return "\(first) opens or closes database files on the server"
        case "INSTALL", "LOAD", "FORCE":
            return "\(first) installs or loads extensions on the server"
        case "UPDATE" where tokens.dropFirst().first?.isWord("EXTENSIONS") == true:
            return "UPDATE EXTENSIONS installs extensions on the server"
        case "EXPORT", "IMPORT": return "\(first) DATABASE writes or reads files on the server"
        case "PRAGMA", "CALL":
            let name = tokens.dropFirst().first?.text.lowercased() ?? ""
            if !catalogPragmas.contains(name.hasPrefix("pragma_") ? String(name.dropFirst(7)) : name) {
                return "\(first) \(name) changes or reads the server's settings"
            }
        case "CREATE", "DROP":
            if tokens.prefix(4).contains(where: { $0.isWord("SECRET") }) { return "\(first) SECRET manages the server's credentials" }
        default: break
        }
        // Table functions that read files, wherever they appear; table references naming a file.
        var expectsTable = ["DESCRIBE", "SUMMARIZE", "TABLE", "SHOW"].contains(first)
        var fromDepth: [Int] = []
        var depth = 0
        var index = expectsTable ? 1 : 0
        while index < tokens.count {
            let token = tokens[index]
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if token.kind == .word, next?.isPunctuation("(") == true, fileFunctions.contains(token.text.lowercased()) {
                return "\(token.text.lowercased())() reads files on the server"
            }
            if expectsTable {
                expectsTable = false
                if let name = tableName(tokens, at: index), looksLikeFile(name.text, quoted: name.quoted) {
                    return "a table reference to \(name.quoted ? "'\(name.text)'" : name.text) reads a file on the server"
                }
            }
            switch token.kind {
            case .punctuation where token.text == "(": depth += 1
            case .punctuation where token.text == ")":
                depth -= 1
                while let last = fromDepth.last, last > depth { fromDepth.removeLast() }
            case .punctuation where token.text == ",": expectsTable = fromDepth.last == depth
            case .word:
                switch token.upper {
                case "FROM", "JOIN", "USING":
                    expectsTable = true
                    if token.upper == "FROM" { fromDepth.append(depth) }
                case "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "UNION", "EXCEPT", "INTERSECT",
                     "ON", "SET", "RETURNING", "SELECT", "VALUES":
                    if fromDepth.last == depth { fromDepth.removeLast() }
                default: break
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// The table name starting at `index` (`a.b.c` joined; a string or quoted identifier as is).
    private static func tableName(_ tokens: [SQLToken], at index: Int) -> (text: String, quoted: Bool)? {
        let token = tokens[index]
        switch token.kind {
        case .string: return (token.text, true)
        case .quotedIdentifier, .word:
            var text = token.text
            var quoted = token.kind == .quotedIdentifier
            var i = index + 1
            while i + 1 < tokens.count, tokens[i].isPunctuation("."), [.word, .quotedIdentifier].contains(tokens[i + 1].kind) {
                text += "." + tokens[i + 1].text
                quoted = quoted || tokens[i + 1].kind == .quotedIdentifier
                i += 2
            }
            return (text, quoted)
        default: return nil
        }
    }

    /// Whether DuckDB would read `name`, as a table reference, from a file (a replacement scan).
    static func looksLikeFile(_ name: String, quoted: Bool) -> Bool {
        let lower = name.lowercased()
        if quoted, lower.contains("/") || lower.contains("\\") || lower.contains("*") || lower.hasPrefix("~") { return true }
        if lower.contains("://") { return true }
        var parts = lower.split(separator: ".")
        guard parts.count >= 2 else { return false }
        if compressions.contains(String(parts.last!)), parts.count >= 3 { parts.removeLast() }
        return fileExtensions.contains(String(parts.last!))
    }

    static let fileExtensions: Set<String> = [
        "csv", "tsv", "txt", "tbl", "dat", "parquet", "json", "jsonl", "ndjson", "xlsx", "arrow", "ipc", "feather", "avro",
        "db", "duckdb", "sqlite", "sqlite3", "gz", "zst", "gzip",
    ]
    static let compressions: Set<String> = ["gz", "zst", "gzip", "bz2", "xz"]

    /// DuckDB's table and scalar functions that read files, the environment or run SQL given as text.
    static let fileFunctions: Set<String> = [
        "read_text", "read_blob", "read_csv", "read_csv_auto", "sniff_csv", "read_json", "read_json_auto",
        "read_json_objects", "read_json_objects_auto", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects",
        "read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
        "parquet_kv_metadata", "parquet_bloom_probe", "parquet_full_metadata", "read_xlsx", "read_avro", "read_duckdb",
        "glob", "iceberg_scan", "iceberg_metadata", "delta_scan", "sqlite_scan", "sqlite_attach", "postgres_scan",
        "postgres_attach", "mysql_scan", "query", "query_table", "getenv", "load_extension", "duckdb_secrets",
        "which_secret", "read_file", "read_files",
    ]

    /// PRAGMAs (and their pragma_ table functions) that only describe the database.
    static let catalogPragmas: Set<String> = [
        "table_info", "show_tables", "show_tables_expanded", "show_databases", "database_size", "storage_info",
        "version", "platform", "database_list", "metadata_info", "show", "collations", "functions", "user_agent",
    ]
}
