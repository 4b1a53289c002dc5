/// Lexical helpers over SQL text that respect quotes and comments: split a script into
/// statements, find its leading keywords, count `$n` placeholders.
///
/// ```swift
/// SQLScript.split("SELECT ';'; INSERT INTO t VALUES (1); -- done")
/// // ["SELECT ';'", "INSERT INTO t VALUES (1)"]
/// ```
public enum SQLScript {
    // Everything here works on UTF-8 bytes: every delimiter it looks for is ASCII, and no byte
    // of a multi-byte UTF-8 sequence is, so quotes and comments are found exactly, at a cost
    // per statement the server pays on every message (Parse, Execute, routing, tags).

    /// The statements of `sql`, trimmed, without empty ones (a `;` inside '…', "…", $tag$…$tag$,
    /// -- comments or /* comments */ does not split).
    public static func split(_ sql: String) -> [String] {
        withBytes(sql) { bytes in
            var statements: [String] = []
            var start = 0
            var index = 0
            func flush(_ end: Int) {
                guard !isBlank(bytes, start..<end) else { return }
                let text = trimmed(bytes, start..<end)
                statements.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[text]), as: UTF8.self))
            }
            while index < bytes.count {
                if bytes[index] == semicolon {
                    flush(index)
                    start = index + 1
                    index += 1
                } else {
                    index = skip(bytes, from: index)
                }
            }
            flush(bytes.count)
            return statements
        }
    }

    /// Whether `sql` holds nothing but whitespace and comments.
    public static func isBlank(_ sql: String) -> Bool {
        withBytes(sql) { isBlank($0, 0..<$0.count) }
    }

    /// The first `count` words of `sql` (after comments), upper-cased. Reading stops at the
    /// first character that is neither a letter, `_`, whitespace nor a comment.
    public static func keywords(_ sql: String, count: Int) -> [String] {
        withBytes(sql) { bytes in
            var words: [String] = []
            var wordStart: Int?
            var index = 0
            func endWord(_ end: Int) {
                guard let begin = wordStart else { return }
                words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[begin..<end]), as: UTF8.self).uppercased())
                wordStart = nil
            }
            while index < bytes.count, words.count < count {
                let c = bytes[index]
                if isLetter(c) || c == underscore {
                    if wordStart == nil { wordStart = index }
                    index += 1
                    continue
                }
                endWord(index)
                if isWhitespace(c) {
                    index += 1
                } else if startsComment(bytes, at: index) {
                    index = skip(bytes, from: index)
                } else {
                    break
                }
            }
            if words.count < count { endWord(index) }
            return words
        }
    }

    /// The highest `$n` placeholder in `sql` (outside quotes and comments), or the number of `?`.
    public static func parameterCount(_ sql: String) -> Int {
        withBytes(sql) { bytes in
            var highest = 0
            var questionMarks = 0
            var index = 0
            while index < bytes.count {
                let c = bytes[index]
                if c == dollar, index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                    var end = index + 1
                    var number = 0
                    while end < bytes.count, isDigit(bytes[end]) {
                        number = min(number * 10 + Int(bytes[end] - zero), Int(Int32.max))
                        end += 1
                    }
                    highest = max(highest, number)
                    index = end
                } else if c == questionMark {
                    questionMarks += 1
                    index += 1
                } else {
                    index = skip(bytes, from: index)
                }
            }
            return max(highest, questionMarks)
        }
    }

    /// `sql` with comments removed (each replaced by one space) and quoted text kept.
    static func stripComments(_ sql: String) -> String {
        withBytes(sql) { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let next = skip(bytes, from: index)
                if startsComment(bytes, at: index) {
                    out.append(space)
                } else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<next]))
                }
                index = next
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Whether `sql` contains `needle` (ASCII, lower case), ignoring ASCII case: a cheap test
    /// before any rewriting.
    static func mentions(_ sql: String, _ needle: StaticString) -> Bool {
        withBytes(sql) { bytes in
            let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
            guard !pattern.isEmpty, pattern.count <= bytes.count else { return false }
            let first = pattern[0]
            var index = 0
            while index <= bytes.count - pattern.count {
                if lowered(bytes[index]) == first {
                    var matched = 1
                    while matched < pattern.count, lowered(bytes[index + matched]) == pattern[matched] { matched += 1 }
                    if matched == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// The tokens of `sql`, comments left out: words (upper-cased in ``SQLToken/upper``),
    /// quoted identifiers and strings (their text without the quotes), and every other byte as
    /// punctuation (numbers and `$n` included, one token per run of digits).
    ///
    /// ```swift
    /// SQLScript.tokens("COPY t TO STDOUT -- csv").map(\.upper) // ["COPY", "T", "TO", "STDOUT"]
    /// ```
    static func tokens(_ sql: String) -> [SQLToken] {
        withBytes(sql) { bytes in
            var tokens: [SQLToken] = []
            var index = 0
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            while index < bytes.count {
                let c = bytes[index]
                if isWhitespace(c) {
                    index += 1
                } else if startsComment(bytes, at: index) {
                    index = skip(bytes, from: index)
                } else if (c | 0x20) == UInt8(ascii: "e"), index + 1 < bytes.count, bytes[index + 1] == singleQuote {
                    // E'…': a string with C-style backslash escapes.
                    var out: [UInt8] = []
                    var i = index + 2
                    while i < bytes.count {
                        if bytes[i] == UInt8(ascii: "\\"), i + 1 < bytes.count {
                            let escaped = bytes[i + 1]
                            switch escaped {
                            case UInt8(ascii: "n"): out.append(0x0A)
                            case UInt8(ascii: "t"): out.append(0x09)
                            case UInt8(ascii: "r"): out.append(0x0D)
                            case UInt8(ascii: "b"): out.append(0x08)
                            case UInt8(ascii: "f"): out.append(0x0C)
                            default: out.append(escaped)
                            }
                            i += 2
                        } else if bytes[i] == singleQuote {
                            if i + 1 < bytes.count, bytes[i + 1] == singleQuote { out.append(singleQuote); i += 2; continue }
                            i += 1
                            break
                        } else {
                            out.append(bytes[i])
                            i += 1
                        }
                    }
                    tokens.append(SQLToken(kind: .string, text: String(decoding: out, as: UTF8.self), range: index..<i))
                    index = i
                } else if isLetter(c) || c == underscore {
                    var end = index + 1
                    while end < bytes.count, isLetter(bytes[end]) || isDigit(bytes[end]) || bytes[end] == underscore || bytes[end] == dollar {
                        end += 1
                    }
                    tokens.append(SQLToken(kind: .word, text: text(index..<end), range: index..<end))
                    index = end
                } else if isDigit(c) {
                    var end = index + 1
                    while end < bytes.count, isDigit(bytes[end]) || bytes[end] == UInt8(ascii: ".") { end += 1 }
                    tokens.append(SQLToken(kind: .number, text: text(index..<end), range: index..<end))
                    index = end
                } else if c == singleQuote || c == doubleQuote {
                    let end = skip(bytes, from: index)
                    let closed = end - index >= 2 && bytes[end - 1] == c
                    let inner = text((index + 1)..<(closed ? end - 1 : end))
                    let quote = c == singleQuote ? "'" : "\""
                    tokens.append(SQLToken(kind: c == singleQuote ? .string : .quotedIdentifier,
                                           text: inner.replacingOccurrences(of: quote + quote, with: quote), range: index..<end))
                    index = end
                } else if c == dollar, index + 1 < bytes.count, !isDigit(bytes[index + 1]), skip(bytes, from: index) > index + 1 {
                    let end = skip(bytes, from: index)
                    tokens.append(SQLToken(kind: .string, text: text(index..<end), range: index..<end))
                    index = end
                } else {
                    tokens.append(SQLToken(kind: .punctuation, text: text(index..<(index + 1)), range: index..<(index + 1)))
                    index += 1
                }
            }
            return tokens
        }
    }

    // MARK: Bytes

    private static let semicolon = UInt8(ascii: ";"), dollar = UInt8(ascii: "$"), questionMark = UInt8(ascii: "?")
    private static let underscore = UInt8(ascii: "_"), space = UInt8(ascii: " "), zero = UInt8(ascii: "0")
    private static let singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""), dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), newline = UInt8(ascii: "\n")

    private static func withBytes<T>(_ sql: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = sql.utf8.withContiguousStorageIfAvailable(body) { return result }
        var native = sql
        native.makeContiguousUTF8()
        return native.utf8.withContiguousStorageIfAvailable(body)!
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= zero && c <= UInt8(ascii: "9") }

    /// ASCII letters, and every byte of a non-ASCII character (identifiers may hold letters of any script).
    private static func isLetter(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c >= 0x80
    }

    private static func isWhitespace(_ c: UInt8) -> Bool { c == space || (c >= 0x09 && c <= 0x0D) }

    private static func lowered(_ c: UInt8) -> UInt8 { c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z") ? c | 0x20 : c }

    private static func startsComment(_ s: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 1 < s.count else { return false }
        return (s[index] == dash && s[index + 1] == dash) || (s[index] == slash && s[index + 1] == star)
    }

    /// Whether `range` of `s` holds only whitespace, `;` and comments.
    private static func isBlank(_ s: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            if isWhitespace(s[index]) || s[index] == semicolon {
                index += 1
            } else if startsComment(s, at: index) {
                index = skip(s, from: index)
            } else {
                return false
            }
        }
        return true
    }

    /// `range` without leading and trailing whitespace.
    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isWhitespace(s[lower]) { lower += 1 }
        while upper > lower, isWhitespace(s[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The index just past the token starting at `index`: a quoted string, a comment, a
    /// dollar-quoted string, or one byte.
    private static func skip(_ s: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        let c = s[index]
        let next: UInt8? = index + 1 < s.count ? s[index + 1] : nil
        switch c {
        case singleQuote, doubleQuote:
            var i = index + 1
            while i < s.count {
                if s[i] == c {
                    if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return s.count
        case dash where next == dash:
            var i = index + 2
            while i < s.count, s[i] != newline { i += 1 }
            return i
        case slash where next == star:
            var depth = 1
            var i = index + 2
            while i < s.count, depth > 0 {
                if s[i] == star, i + 1 < s.count, s[i + 1] == slash { depth -= 1; i += 2 }
                else if s[i] == slash, i + 1 < s.count, s[i + 1] == star { depth += 1; i += 2 }
                else { i += 1 }
            }
            return i
        case dollar:
            // $tag$ … $tag$ (tag may be empty); `$1` is a placeholder, not a quote.
            var j = index + 1
            while j < s.count, s[j] == underscore || isLetter(s[j]) { j += 1 }
            guard j < s.count, s[j] == dollar else { return index + 1 }
            let length = j - index + 1
            var i = j + 1
            while i + length <= s.count {
                if s[i] == dollar, (1..<length).allSatisfy({ s[i + $0] == s[index + $0] }) { return i + length }
                i += 1
            }
            return s.count
        default:
            return index + 1
        }
    }
}

/// One token of ``SQLScript/tokens(_:)``.
struct SQLToken: Equatable {
    /// The UTF-8 bytes of `sql` in `range` as text (the source of a run of tokens).
    static func source(_ sql: String, _ range: Range<Int>) -> String {
        let utf8 = Array(sql.utf8)
        return String(decoding: utf8[max(0, range.lowerBound)..<min(utf8.count, range.upperBound)], as: UTF8.self)
    }

    enum Kind { case word, quotedIdentifier, string, number, punctuation }
    let kind: Kind
    /// The token's text; for quoted tokens, without the quotes.
    let text: String
    /// Where the token is in the statement's UTF-8 bytes (quotes included).
    let range: Range<Int>

    /// A word's text upper-cased (keywords compare against this).
    var upper: String { kind == .word ? text.uppercased() : text }

    /// Whether this is the word `keyword` (upper case).
    func isWord(_ keyword: String) -> Bool { kind == .word && text.uppercased() == keyword }

    /// Whether this is the punctuation `mark`.
    func isPunctuation(_ mark: String) -> Bool { kind == .punctuation && text == mark }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
