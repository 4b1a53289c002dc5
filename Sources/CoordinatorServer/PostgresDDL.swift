/// PostgreSQL DDL idioms DuckDB lacks, as tools send them (pgbench -i, migration tools, ORMs):
/// several objects in one `DROP` or `TRUNCATE` become one statement per object (run in order,
/// in one transaction), and storage parameters `WITH (fillfactor = 100, …)` on CREATE TABLE or
/// CREATE INDEX are dropped with a notice (DuckDB has no such storage settings).
///
/// ```swift
/// PostgresDDL.rewrite("drop table if exists a, b cascade")
/// // statements ["DROP TABLE IF EXISTS a CASCADE", "DROP TABLE IF EXISTS b CASCADE"], notice nil
/// PostgresDDL.rewrite("create table t (id int) with (fillfactor=100)")
/// // statements ["create table t (id int)"], notice "storage parameters ignored: fillfactor=100"
/// ```
enum PostgresDDL {
    struct Rewritten: Equatable {
        var statements: [String]
        /// What was dropped from the statement, for a NOTICE.
        var notice: String?
    }

    /// `sql` as DuckDB takes it; nil when it needs no change.
    static func rewrite(_ sql: String) -> Rewritten? {
        let tokens = SQLScript.tokens(sql)
        guard let first = tokens.first?.upper else { return nil }
        switch first {
        case "DROP": return splitDrop(sql, tokens)
        case "TRUNCATE": return splitTruncate(sql, tokens)
        case "CREATE": return withoutStorageParameters(sql, tokens)
        default: return nil
        }
    }

    /// `DROP kind [IF EXISTS] a, b [CASCADE | RESTRICT]`.
    private static func splitDrop(_ sql: String, _ tokens: [SQLToken]) -> Rewritten? {
        guard tokens.count > 2 else { return nil }
        var index = 1
        var kind = [tokens[index].text.uppercased()]
        index += 1
        if kind == ["MATERIALIZED"] || kind == ["FOREIGN"], index < tokens.count { kind.append(tokens[index].text.uppercased()); index += 1 }
        guard ["TABLE", "VIEW", "INDEX", "SEQUENCE", "SCHEMA", "TYPE", "MACRO", "FUNCTION", "MATERIALIZED", "FOREIGN"].contains(kind[0]) else { return nil }
        var prefix = "DROP " + kind.joined(separator: " ")
        if index + 1 < tokens.count, tokens[index].isWord("IF"), tokens[index + 1].isWord("EXISTS") {
            prefix += " IF EXISTS"
            index += 2
        }
        var suffix = ""
        var end = tokens.count
        if let last = tokens.last, last.isWord("CASCADE") || last.isWord("RESTRICT") {
            suffix = " " + last.upper
            end -= 1
        }
        let names = list(sql, tokens, from: index, to: end)
        guard names.count > 1 else { return nil }
        return Rewritten(statements: names.map { "\(prefix) \($0)\(suffix)" })
    }

    /// `TRUNCATE [TABLE] [ONLY] a, b [RESTART IDENTITY | CONTINUE IDENTITY] [CASCADE | RESTRICT]`.
    private static func splitTruncate(_ sql: String, _ tokens: [SQLToken]) -> Rewritten? {
        var index = 1
        if index < tokens.count, tokens[index].isWord("TABLE") { index += 1 }
        if index < tokens.count, tokens[index].isWord("ONLY") { index += 1 }
        var end = tokens.count
        while end > index, ["CASCADE", "RESTRICT", "IDENTITY", "RESTART", "CONTINUE"].contains(tokens[end - 1].upper),
              tokens[end - 1].kind == .word {
            end -= 1
        }
        let names = list(sql, tokens, from: index, to: end)
        guard names.count > 1 || end < tokens.count else { return nil }
        return Rewritten(statements: names.map { "TRUNCATE TABLE \($0)" })
    }

    /// The comma-separated items of `tokens[from..<to]`, as their source text.
    private static func list(_ sql: String, _ tokens: [SQLToken], from: Int, to: Int) -> [String] {
        guard from < to else { return [] }
        var items: [String] = []
        var start = from
        for index in from...to where index == to || tokens[index].isPunctuation(",") {
            if start < index {
                items.append(SQLToken.source(sql, tokens[start].range.lowerBound..<tokens[index - 1].range.upperBound))
            }
            start = index + 1
        }
        return items
    }

    /// `CREATE [UNLOGGED] TABLE … WITH (params)` / `CREATE INDEX … WITH (params)`: the WITH list goes.
    private static func withoutStorageParameters(_ sql: String, _ tokens: [SQLToken]) -> Rewritten? {
        guard tokens.prefix(4).contains(where: { $0.isWord("TABLE") || $0.isWord("INDEX") }) else { return nil }
        var depth = 0
        for (index, token) in tokens.enumerated() {
            if token.isPunctuation("(") { depth += 1 }
            if token.isPunctuation(")") { depth -= 1 }
            guard depth == 0, token.isWord("WITH"), index + 1 < tokens.count, tokens[index + 1].isPunctuation("("),
                  let close = CopyCommand.matchingParenthesis(tokens, from: index + 1) else { continue }
            // `WITH (` after the column list (CREATE TABLE … AS WITH … is a query, not this).
            if index + 2 < tokens.count, ["RECURSIVE", "SELECT"].contains(tokens[index + 2].upper) { continue }
            let parameters = SQLToken.source(sql, tokens[index + 1].range.upperBound..<tokens[close].range.lowerBound)
            let before = SQLToken.source(sql, 0..<token.range.lowerBound)
            let after = close + 1 < tokens.count ? " " + SQLToken.source(sql, tokens[close + 1].range.lowerBound..<Int.max) : ""
            return Rewritten(statements: [(before.trimmingWhitespace + after).trimmingWhitespace],
                             notice: "storage parameters ignored (DuckDB has none): \(parameters.trimmingWhitespace)")
        }
        return nil
    }
}
