/// Lexical helpers over SQL text that respect quotes and comments: split a script into
/// statements, find its leading keywords, count `$n` placeholders.
///
/// ```swift
/// SQLScript.split("SELECT ';'; INSERT INTO t VALUES (1); -- done")
/// // ["SELECT ';'", "INSERT INTO t VALUES (1)"]
/// ```
public enum SQLScript {
    /// The statements of `sql`, trimmed, without empty ones (a `;` inside '…', "…", $tag$…$tag$,
    /// -- comments or /* comments */ does not split).
    public static func split(_ sql: String) -> [String] {
        var statements: [String] = []
        let scalars = Array(sql.unicodeScalars)
        var start = 0
        var index = 0
        func flush(_ end: Int) {
            let text = String(String.UnicodeScalarView(scalars[start..<end]))
            if !isBlank(text) { statements.append(text.trimmingWhitespace) }
        }
        while index < scalars.count {
            let c = scalars[index]
            if c == ";" {
                flush(index)
                start = index + 1
                index += 1
            } else {
                index = skip(scalars, from: index)
            }
        }
        flush(scalars.count)
        return statements
    }

    /// Whether `sql` holds nothing but whitespace and comments.
    public static func isBlank(_ sql: String) -> Bool {
        stripComments(sql).allSatisfy { $0.isWhitespace || $0 == ";" }
    }

    /// The first `count` words of `sql` (after comments), upper-cased.
    public static func keywords(_ sql: String, count: Int) -> [String] {
        var words: [String] = []
        var current = ""
        for character in stripComments(sql) {
            if character.isLetter || character == "_" {
                current.append(character)
            } else {
                if !current.isEmpty { words.append(current.uppercased()); current = "" }
                if words.count >= count { break }
                if !character.isWhitespace { break }
            }
            if words.count >= count { break }
        }
        if !current.isEmpty, words.count < count { words.append(current.uppercased()) }
        return words
    }

    /// The highest `$n` placeholder in `sql` (outside quotes and comments), or the number of `?`.
    public static func parameterCount(_ sql: String) -> Int {
        let scalars = Array(sql.unicodeScalars)
        var highest = 0
        var questionMarks = 0
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if c == "$", index + 1 < scalars.count, ("0"..."9").contains(scalars[index + 1]) {
                var end = index + 1
                var number = 0
                while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                    number = number * 10 + Int(scalars[end].value - 48)
                    end += 1
                }
                highest = max(highest, number)
                index = end
            } else if c == "?" {
                questionMarks += 1
                index += 1
            } else {
                index = skip(scalars, from: index)
            }
        }
        return max(highest, questionMarks)
    }

    /// `sql` with comments removed and quoted text kept.
    static func stripComments(_ sql: String) -> String {
        let scalars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let next = skip(scalars, from: index)
            let c = scalars[index]
            if c == "-" || c == "/", next > index + 1 {
                out.append(" ")
            } else {
                out.append(contentsOf: scalars[index..<next])
            }
            index = next
        }
        return String(out)
    }

    /// The index just past the token starting at `index`: a quoted string, a comment, a
    /// dollar-quoted string, or one character.
    private static func skip(_ s: [Unicode.Scalar], from index: Int) -> Int {
        let c = s[index]
        let next: Unicode.Scalar? = index + 1 < s.count ? s[index + 1] : nil
        switch c {
        case "'", "\"":
            var i = index + 1
            while i < s.count {
                if s[i] == c {
                    if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                    return i + 1
                }
                i += 1
            }
            return s.count
        case "-" where next == "-":
            var i = index + 2
            while i < s.count, s[i] != "\n" { i += 1 }
            return i
        case "/" where next == "*":
            var depth = 1
            var i = index + 2
            while i < s.count, depth > 0 {
                if s[i] == "*", i + 1 < s.count, s[i + 1] == "/" { depth -= 1; i += 2 }
                else if s[i] == "/", i + 1 < s.count, s[i + 1] == "*" { depth += 1; i += 2 }
                else { i += 1 }
            }
            return i
        case "$":
            // $tag$ … $tag$ (tag may be empty); `$1` is a placeholder, not a quote.
            var j = index + 1
            while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic { j += 1 }
            guard j < s.count, s[j] == "$" else { return index + 1 }
            let tag = Array(s[index...j])
            var i = j + 1
            while i + tag.count <= s.count {
                if Array(s[i..<(i + tag.count)]) == tag { return i + tag.count }
                i += 1
            }
            return s.count
        default:
            return index + 1
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
