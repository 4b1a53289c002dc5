/// Where a single-row INSERT goes: `INSERT INTO [schema.]table [(columns)]` with `placeholders`
/// values per row. Consecutive writes into the same target are coalesced into one appender run;
/// bulk inserts must have the all-placeholder form.
///
/// ```swift
/// InsertStatement("INSERT INTO splits (id, book) VALUES ($1, $2)")   // table splits, 2 values
/// InsertStatement("INSERT INTO splits VALUES (1, 'dk')")             // nil: not all placeholders
/// ```
struct InsertStatement: Hashable, Sendable {
    let schema: String?
    let table: String
    /// Explicit column list, or nil for all columns in table order.
    let columns: [String]?
    /// Values per row.
    let placeholders: Int

    init(schema: String?, table: String, columns: [String]?, placeholders: Int) {
        self.schema = schema
        self.table = table
        self.columns = columns
        self.placeholders = placeholders
    }

    /// The target of `sql` when it is one row of plain placeholders (all `?`, or `$1, $2, …` in
    /// order), else nil.
    init?(_ sql: String) {
        guard let template = InsertTemplate(sql), template.isAllParameters else { return nil }
        self = template.target
    }
}

/// A single-row INSERT whose values are bound parameters and literals, parsed from its SQL text
/// without DuckDB: `INSERT INTO t [(cols)] VALUES (v, …) [;]` where each `v` is `$n`, `?`,
/// NULL, TRUE/FALSE, a number, or a string literal with an optional cast to a type name
/// (`'2025-06-17T00:00:05+00:00'::timestamptz`, `DATE '2025-06-17'`). What pgbench
/// (`VALUES ($1, 'dk', $2)`) and psycopg2 (`VALUES (42, 'dk', 61.5)`) send. Anything else —
/// expressions, functions, several rows, ON CONFLICT, RETURNING, DEFAULT, `E'…'` strings,
/// comments inside block comments — is not a template (nil), and runs the planned way.
///
/// ```swift
/// let template = InsertTemplate("INSERT INTO splits VALUES ($1, 'dk', 61.5)")!
/// template.values   // [.parameter(0), .literal(.string("dk", cast: nil)), .literal(.decimal("61.5"))]
/// ```
struct InsertTemplate: Sendable, Equatable {
    let target: InsertStatement
    let values: [InsertValue]
    /// How many bound parameters the statement takes (the highest `$n`, or the number of `?`).
    let parameterCount: Int

    /// Whether the values are exactly the parameters in order (no literal anywhere).
    var isAllParameters: Bool {
        values.count == parameterCount && values.enumerated().allSatisfy { $0.element == .parameter($0.offset) }
    }

    /// Whether any value is a literal.
    var hasLiterals: Bool { values.contains { if case .literal = $0 { true } else { false } } }

    /// Parses `sql`, or returns nil when it is not a template (see the type's notes).
    init?(_ sql: String) {
        var text = sql
        guard let parsed = text.withUTF8({ bytes -> InsertTemplate? in
            var parser = InsertTemplateParser(bytes: bytes)
            return parser.parse()
        }) else { return nil }
        self = parsed
    }

    init(target: InsertStatement, values: [InsertValue], parameterCount: Int) {
        self.target = target
        self.values = values
        self.parameterCount = parameterCount
    }
}

/// One value of an ``InsertTemplate``.
enum InsertValue: Sendable, Equatable {
    /// The bound parameter at this 0-based index.
    case parameter(Int)
    case literal(SQLLiteral)
}

/// A constant as written in SQL text.
enum SQLLiteral: Sendable, Equatable {
    case null
    case boolean(Bool)
    /// Digits without a point or exponent that fit in 64 bits (sign included).
    case integer(Int64)
    /// Digits with one decimal point, no exponent (DuckDB types it DECIMAL), as written.
    case decimal(String)
    /// A number with an exponent (DuckDB types it DOUBLE), as written.
    case float(String)
    /// A standard string (`''` unescaped), with the lowercased type name it is cast to, if any.
    case string(String, cast: String?)
}

/// The byte scanner behind ``InsertTemplate`` (every delimiter is ASCII, so UTF-8 bytes suffice).
private struct InsertTemplateParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    private static func isIdentifierStart(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b == 0x5F }
    private static func isIdentifierPart(_ b: UInt8) -> Bool { isIdentifierStart(b) || isDigit(b) || b == 0x24 }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private var atEnd: Bool { i >= bytes.count }
    private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    /// Skips whitespace and comments; false on something this parser does not take (a nested
    /// or unterminated block comment).
    private mutating func skipSpace() -> Bool {
        while i < bytes.count {
            let b = bytes[i]
            if Self.isSpace(b) {
                i += 1
            } else if b == 0x2D, i + 1 < bytes.count, bytes[i + 1] == 0x2D {  // -- line comment
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if b == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2A {  // /* block comment */
                i += 2
                while true {
                    guard i + 1 < bytes.count else { return false }
                    if bytes[i] == 0x2F, bytes[i + 1] == 0x2A { return false }
                    if bytes[i] == 0x2A, bytes[i + 1] == 0x2F { i += 2; break }
                    i += 1
                }
            } else {
                return true
            }
        }
        return true
    }

    /// Consumes `symbol` (after spaces) if it is next.
    private mutating func symbol(_ symbol: UInt8) -> Bool {
        guard skipSpace(), current == symbol else { return false }
        i += 1
        return true
    }

    /// An unquoted word (ASCII letters, digits, `_`, `$`), lowercased, or nil.
    private mutating func word() -> String? {
        guard skipSpace(), let b = current, Self.isIdentifierStart(b) else { return nil }
        let start = i
        while let b = current, Self.isIdentifierPart(b) { i += 1 }
        // A non-ASCII byte right after would be part of the identifier in SQL: not ours.
        if let b = current, b >= 0x80 { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).lowercased()
    }

    /// Consumes the keyword `name` (lowercase) if it is next.
    private mutating func keyword(_ name: String) -> Bool {
        let saved = i
        if word() == name { return true }
        i = saved
        return false
    }

    /// An identifier: a word as written, or a double-quoted name.
    private mutating func identifier() -> String? {
        guard skipSpace(), let b = current else { return nil }
        if b == 0x22 {
            i += 1
            var name: [UInt8] = []
            while true {
                guard let c = current else { return nil }
                i += 1
                if c == 0x22 {
                    if current == 0x22 { name.append(0x22); i += 1; continue }
                    break
                }
                name.append(c)
            }
            return String(decoding: name, as: UTF8.self)
        }
        guard Self.isIdentifierStart(b) else { return nil }
        let start = i
        while let b = current, Self.isIdentifierPart(b) { i += 1 }
        if let b = current, b >= 0x80 { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
    }

    /// A `'…'` string (`''` is a quote), or nil.
    private mutating func quotedString() -> String? {
        guard current == 0x27 else { return nil }
        i += 1
        let start = i
        var escaped = false
        while true {
            guard let c = current else { return nil }
            i += 1
            if c == 0x27 {
                if current == 0x27 { escaped = true; i += 1; continue }
                break
            }
        }
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(i - 1)]), as: UTF8.self)
        return escaped ? raw.replacingOccurrences(of: "''", with: "'") : raw
    }

    /// A number: `[-+]digits[.digits][e[-+]digits]` or `[-+].digits…`.
    private mutating func number() -> SQLLiteral? {
        let start = i
        if current == 0x2D || current == 0x2B { i += 1 }
        var digits = 0, point = false, exponent = false
        while let b = current {
            if Self.isDigit(b) { digits += 1; i += 1 } else if b == 0x2E, !point, !exponent { point = true; i += 1 } else { break }
        }
        guard digits > 0 else { return nil }
        if let b = current, b | 0x20 == 0x65 {  // e / E
            exponent = true
            i += 1
            if current == 0x2D || current == 0x2B { i += 1 }
            var exponentDigits = 0
            while let b = current, Self.isDigit(b) { exponentDigits += 1; i += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        // A letter or `_` straight after a number (`1e`, `12abc`, `1_000`) is not a plain literal.
        if let b = current, Self.isIdentifierPart(b) || b >= 0x80 || b == 0x2E { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        if exponent { return .float(text) }
        if point { return .decimal(text) }
        guard let value = Int64(text) else { return nil }  // beyond 64 bits: DuckDB makes it HUGEINT
        return .integer(value)
    }

    /// An optional `::type` after a value: the lowercased type name, "" when none, nil when the
    /// cast is not a single word (`::timestamp with time zone`, `::numeric(10,2)`).
    private mutating func cast() -> String? {
        let saved = i
        guard skipSpace(), current == 0x3A, i + 1 < bytes.count, bytes[i + 1] == 0x3A else { i = saved; return "" }
        i += 2
        guard let name = word() else { return nil }
        let after = i
        guard skipSpace() else { return nil }
        if let b = current, b == 0x28 || b == 0x5B || Self.isIdentifierStart(b) { return nil }  // (, [, or a second word
        i = after
        return name
    }

    private enum Placeholders { case none, positional, numbered }

    mutating func parse() -> InsertTemplate? {
        guard keyword("insert"), keyword("into"), var name = identifier() else { return nil }
        var schema: String?
        if symbol(0x2E) {  // .
            guard let second = identifier() else { return nil }
            schema = name
            name = second
        }
        var columns: [String]?
        if symbol(0x28) {  // (
            var list: [String] = []
            repeat {
                guard let column = identifier() else { return nil }
                list.append(column)
            } while symbol(0x2C)
            guard symbol(0x29) else { return nil }
            columns = list
        }
        guard keyword("values"), symbol(0x28) else { return nil }
        var values: [InsertValue] = []
        var placeholders = Placeholders.none
        var positional = 0
        var used = Set<Int>()
        repeat {
            guard skipSpace(), let b = current else { return nil }
            if b == 0x3F {  // ?
                guard placeholders != .numbered else { return nil }
                placeholders = .positional
                i += 1
                values.append(.parameter(positional))
                used.insert(positional)
                positional += 1
            } else if b == 0x24 {  // $n
                guard placeholders != .positional else { return nil }
                placeholders = .numbered
                i += 1
                let start = i
                while let d = current, Self.isDigit(d) { i += 1 }
                guard i > start, i - start < 6, let n = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)),
                      n >= 1 else { return nil }
                values.append(.parameter(n - 1))
                used.insert(n - 1)
            } else if b == 0x27 {  // 'string'
                guard let text = quotedString(), let type = cast() else { return nil }
                values.append(.literal(.string(text, cast: type.isEmpty ? nil : type)))
            } else if Self.isDigit(b) || b == 0x2D || b == 0x2B || b == 0x2E {
                guard let literal = number(), cast() == "" else { return nil }
                values.append(.literal(literal))
            } else if let word = word() {
                switch word {
                case "null": values.append(.literal(.null))
                case "true": values.append(.literal(.boolean(true)))
                case "false": values.append(.literal(.boolean(false)))
                case "date", "timestamp", "timestamptz", "time":
                    // A typed string: DATE '2025-06-17'.
                    guard skipSpace(), current == 0x27, let text = quotedString() else { return nil }
                    values.append(.literal(.string(text, cast: word)))
                default: return nil
                }
                // A cast after a keyword constant (`NULL::date`) is not ours.
                guard cast() == "" else { return nil }
            } else {
                return nil
            }
            // A string continued on the next line ('a' 'b') or anything else glued on is not ours.
            guard skipSpace(), current == 0x2C || current == 0x29 else { return nil }
        } while symbol(0x2C)
        guard symbol(0x29) else { return nil }
        _ = symbol(0x3B)  // ;
        guard skipSpace(), atEnd, !values.isEmpty else { return nil }
        if let columns, columns.count != values.count { return nil }
        // Every parameter from the first to the last is used (as DuckDB requires of $n).
        let count = used.count
        guard used.allSatisfy({ $0 < count }) else { return nil }
        return InsertTemplate(target: InsertStatement(schema: schema, table: name, columns: columns, placeholders: values.count),
                              values: values, parameterCount: count)
    }
}
