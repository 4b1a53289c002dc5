/// A parsed `COPY … FROM STDIN` or `COPY … TO STDOUT`: what moves (a table and its columns,
/// or a query), which way, and in which format with which options — PostgreSQL's option list
/// `WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'x', QUOTE '"', ESCAPE '\', FORCE_QUOTE *)`,
/// its older spelling `CSV HEADER`, `BINARY`, `DELIMITER AS ';'`, and DuckDB's (`DELIM`, `SEP`).
///
/// ```swift
/// let copy = try CopyCommand("COPY games (id, home) FROM STDIN WITH (FORMAT csv, HEADER)")
/// copy.direction   // .fromStdin
/// copy.format.kind // .csv
/// let out = try CopyCommand("COPY (SELECT * FROM games) TO STDOUT BINARY")
/// out.source       // .query("SELECT * FROM games")
/// ```
/// Anything else — a file, PROGRAM, an option PostgreSQL does not have — is not a CopyCommand
/// (``StatementKind`` sends file COPYs to DuckDB for an admin, refused below).
struct CopyCommand: Equatable {
    enum Direction: Equatable { case fromStdin, toStdout }

    enum Source: Equatable {
        /// A table (its name as written, quotes removed) and the columns named (empty: all).
        case table(String, columns: [String])
        /// `COPY (query) TO STDOUT`.
        case query(String)
    }

    var source: Source
    var direction: Direction
    var format: CopyFormat

    /// The table's name (nil for a query).
    var table: String? { if case .table(let name, _) = source { name } else { nil } }

    /// - Throws: ``SessionError`` 42601 naming what could not be read, 0A000 for what is not supported.
    init(_ sql: String) throws {
        let tokens = SQLScript.tokens(sql)
        var index = 1
        func token(_ offset: Int = 0) -> SQLToken? { index + offset < tokens.count ? tokens[index + offset] : nil }
        func syntax(_ what: String) -> SessionError {
            SessionError(SQLState.syntaxError, "COPY: \(what); expected COPY table [(columns)] FROM STDIN or COPY {table | (query)} TO STDOUT [WITH (FORMAT text|csv|binary, …)]")
        }
        guard tokens.first?.isWord("COPY") == true else { throw syntax("not a COPY statement") }
        if token()?.isPunctuation("(") == true {
            guard let close = Self.matchingParenthesis(tokens, from: index) else { throw syntax("unbalanced parentheses around the query") }
            let query = SQLToken.source(sql, tokens[index].range.upperBound..<tokens[close].range.lowerBound).trimmingWhitespace
            source = .query(query)
            index = close + 1
        } else {
            guard let first = token(), first.kind == .word || first.kind == .quotedIdentifier else { throw syntax("no table name") }
            var name = first.text
            index += 1
            while token()?.isPunctuation(".") == true, let part = token(1), part.kind == .word || part.kind == .quotedIdentifier {
                name += "." + part.text
                index += 2
            }
            var columns: [String] = []
            if token()?.isPunctuation("(") == true {
                guard let close = Self.matchingParenthesis(tokens, from: index) else { throw syntax("unbalanced column list") }
                columns = tokens[(index + 1)..<close].filter { $0.kind == .word || $0.kind == .quotedIdentifier }.map(\.text)
                index = close + 1
            }
            source = .table(name, columns: columns)
        }
        switch (token()?.upper, token(1)?.upper) {
        case ("FROM", "STDIN"): direction = .fromStdin
        case ("TO", "STDOUT"): direction = .toStdout
        default: throw syntax("only FROM STDIN and TO STDOUT reach the client")
        }
        if direction == .fromStdin, case .query = source { throw syntax("COPY (query) cannot read FROM STDIN") }
        index += 2
        format = try CopyFormat(options: Array(tokens[min(index, tokens.count)...]))
    }

    /// The index of the `)` closing the `(` at `open`.
    static func matchingParenthesis(_ tokens: [SQLToken], from open: Int) -> Int? {
        var depth = 0
        for index in open..<tokens.count {
            if tokens[index].isPunctuation("(") { depth += 1 }
            if tokens[index].isPunctuation(")") {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }
}

/// How COPY data is laid out: PostgreSQL's text, CSV or binary format and its options.
struct CopyFormat: Equatable {
    enum Kind: Equatable { case text, csv, binary }

    var kind: Kind = .text
    var header = false
    var delimiter: UInt8 = UInt8(ascii: "\t")
    /// How NULL is written (`\N` in text, an unquoted empty field in CSV).
    var null = "\\N"
    var quote: UInt8 = UInt8(ascii: "\"")
    var escape: UInt8 = UInt8(ascii: "\"")
    /// CSV: columns always quoted (by name; `*` is every column).
    var forceQuote: Set<String> = []
    var forceQuoteAll = false

    /// The wire's overall format code (CopyInResponse, CopyOutResponse): 0 text, 1 binary.
    var wireFormat: Int8 { kind == .binary ? 1 : 0 }

    init() {}

    /// Reads the options after `FROM STDIN` / `TO STDOUT`, old or new spelling.
    init(options tokens: [SQLToken]) throws {
        var delimiterSet = false, nullSet = false, escapeSet = false
        var index = 0
        func fail(_ what: String) -> SessionError { SessionError(SQLState.syntaxError, "COPY option \(what)") }
        func single(_ token: SQLToken?, _ name: String) throws -> UInt8 {
            guard let token, token.kind == .string, token.text.utf8.count == 1 else {
                throw fail("\(name) must be a single one-byte character in quotes")
            }
            return token.text.utf8.first!
        }
        var list = tokens
        if list.first?.isWord("WITH") == true { list.removeFirst() }
        let parenthesised = list.first?.isPunctuation("(") == true
        if parenthesised { list.removeFirst(); if list.last?.isPunctuation(")") == true { list.removeLast() } }
        while index < list.count {
            let option = list[index]
            index += 1
            if option.isPunctuation(",") || option.isPunctuation(";") { continue }
            func value() -> SQLToken? {
                if index < list.count, list[index].isWord("AS") { index += 1 }
                guard index < list.count, !list[index].isPunctuation(",") else { return nil }
                defer { index += 1 }
                return list[index]
            }
            func boolean() -> Bool {
                guard index < list.count, !list[index].isPunctuation(",") else { return true }
                let word = list[index].upper.lowercased()
                guard ["true", "false", "on", "off", "1", "0", "match"].contains(word) else { return true }
                index += 1
                return ["true", "on", "1", "match"].contains(word)
            }
            switch option.upper {
            case "FORMAT":
                switch value()?.text.lowercased() {
                case "text": kind = .text
                case "csv": kind = .csv
                case "binary": kind = .binary
                case let other: throw SessionError(SQLState.featureNotSupported, "COPY format \"\(other ?? "")\" not recognized; use text, csv or binary")
                }
            case "CSV": kind = .csv
            case "BINARY": kind = .binary
            case "TEXT": kind = .text
            case "HEADER": header = boolean()
            case "DELIMITER", "DELIM", "SEP": delimiter = try single(value(), "DELIMITER"); delimiterSet = true
            case "NULL", "NULLSTR": guard let text = value(), text.kind == .string else { throw fail("NULL needs a quoted string") }
                null = text.text; nullSet = true
            case "QUOTE": quote = try single(value(), "QUOTE")
            case "ESCAPE": escape = try single(value(), "ESCAPE"); escapeSet = true
            case "FORCE_QUOTE", "FORCE":
                if option.upper == "FORCE" {
                    guard index < list.count else { throw fail("FORCE needs QUOTE, NOT NULL or NULL") }
                    let what = list[index].upper
                    index += 1
                    if what == "NOT" { index += 1; _ = columnList(list, &index); continue }
                    if what == "NULL" { _ = columnList(list, &index); continue }
                    guard what == "QUOTE" else { throw fail("FORCE \(what) is not known") }
                }
                if index < list.count, list[index].isPunctuation("*") { index += 1; forceQuoteAll = true } else {
                    forceQuote.formUnion(columnList(list, &index))
                }
            case "FORCE_NOT_NULL", "FORCE_NULL": _ = columnList(list, &index)
            case "FREEZE", "OIDS": _ = boolean()
            case "ENCODING":
                let encoding = value()?.text.uppercased().replacingOccurrences(of: "-", with: "") ?? ""
                guard encoding == "UTF8" || encoding == "SQL_ASCII" else {
                    throw SessionError(SQLState.featureNotSupported, "COPY encoding \(encoding) is not supported; the server speaks UTF8")
                }
            default:
                throw SessionError(SQLState.syntaxError, "COPY option \"\(option.text)\" not recognized")
            }
        }
        if kind == .csv {
            if !delimiterSet { delimiter = UInt8(ascii: ",") }
            if !nullSet { null = "" }
            if !escapeSet { escape = quote }
        }
        if kind == .binary, delimiterSet || nullSet || header {
            throw SessionError(SQLState.syntaxError, "COPY options DELIMITER, NULL and HEADER are not available in BINARY mode")
        }
    }

    /// Column names in `( … )` at `index` (or a single name), advancing past them.
    private func columnList(_ tokens: [SQLToken], _ index: inout Int) -> [String] {
        guard index < tokens.count else { return [] }
        if tokens[index].isPunctuation("("), let close = CopyCommand.matchingParenthesis(tokens, from: index) {
            defer { index = close + 1 }
            return tokens[(index + 1)..<close].filter { $0.kind == .word || $0.kind == .quotedIdentifier }.map(\.text)
        }
        var names: [String] = []
        while index < tokens.count, tokens[index].kind == .word || tokens[index].kind == .quotedIdentifier {
            names.append(tokens[index].text)
            index += 1
            guard index < tokens.count, tokens[index].isPunctuation(",") else { break }
            index += 1
        }
        return names
    }
}
