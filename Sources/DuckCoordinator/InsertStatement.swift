/// The shape `INSERT INTO table [(columns)] VALUES (?, …)`: one row of plain placeholders,
/// either all `?` or `$1, $2, …` in order (what PostgreSQL clients send through the server).
/// Consecutive writes of this shape into the same table and columns are coalesced into one
/// appender run; bulk inserts must have it.
struct InsertStatement: Hashable, Sendable {
    let schema: String?
    let table: String
    /// Explicit column list, or nil for all columns in table order.
    let columns: [String]?
    let placeholders: Int

    /// Parses `sql`, or returns nil when it has any other shape (expressions, several rows,
    /// ON CONFLICT, RETURNING, DEFAULT, …).
    init?(_ sql: String) {
        var tokens = InsertStatement.tokenize(sql)[...]
        func keyword(_ word: String) -> Bool {
            guard case .word(let w, quoted: false)? = tokens.first, w.uppercased() == word else { return false }
            tokens.removeFirst()
            return true
        }
        func symbol(_ s: Character) -> Bool {
            guard case .symbol(let c)? = tokens.first, c == s else { return false }
            tokens.removeFirst()
            return true
        }
        func identifier() -> String? {
            guard case .word(let w, _)? = tokens.first else { return nil }
            tokens.removeFirst()
            return w
        }
        guard keyword("INSERT"), keyword("INTO"), var name = identifier() else { return nil }
        var schema: String?
        if symbol(".") {
            guard let second = identifier() else { return nil }
            schema = name
            name = second
        }
        var columns: [String]?
        if symbol("(") {
            var list: [String] = []
            repeat {
                guard let column = identifier() else { return nil }
                list.append(column)
            } while symbol(",")
            guard symbol(")") else { return nil }
            columns = list
        }
        guard keyword("VALUES"), symbol("(") else { return nil }
        var count = 0
        var numbered: Bool?
        repeat {
            // `?`, or `$n` where n is the placeholder's position: a row bound value by value.
            if symbol("?") {
                guard numbered != true else { return nil }
                numbered = false
            } else if symbol("$"), case .word(let digits, quoted: false)? = tokens.first, Int(digits) == count + 1 {
                guard numbered != false else { return nil }
                tokens.removeFirst()
                numbered = true
            } else {
                return nil
            }
            count += 1
        } while symbol(",")
        guard symbol(")") else { return nil }
        _ = symbol(";")
        guard tokens.isEmpty, count > 0 else { return nil }
        if let columns, columns.count != count { return nil }
        self.schema = schema
        self.table = name
        self.columns = columns
        self.placeholders = count
    }

    private enum Token: Equatable {
        case word(String, quoted: Bool)
        case symbol(Character)
    }

    private static func tokenize(_ sql: String) -> [Token] {
        var tokens: [Token] = []
        var chars = Array(sql)
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-", i + 1 < chars.count, chars[i + 1] == "-" {  // line comment
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "\"" {
                var word = ""
                i += 1
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { word.append("\""); i += 2; continue }
                        break
                    }
                    word.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { return [.symbol("!")] }  // unterminated: not our shape
                i += 1
                tokens.append(.word(word, quoted: true))
                continue
            }
            if isWordChar(c) {
                let start = i
                while i < chars.count, isWordChar(chars[i]) { i += 1 }
                tokens.append(.word(String(chars[start..<i]), quoted: false))
                continue
            }
            tokens.append(.symbol(c))
            i += 1
        }
        chars.removeAll()
        return tokens
    }
}
