import DuckDBKit

/// A parsed `COPY … FROM STDIN` and the parser of its data (PostgreSQL's text and CSV formats).
///
/// ```swift
/// let copy = try CopyCommand("COPY games (id, home) FROM STDIN WITH (FORMAT csv, HEADER)")
/// let rows = try copy.parse("id,home\n1,CHC\n")   // [[.string("1"), .string("CHC")]]
/// ```
struct CopyCommand {
    var table: String
    var columns: [String]
    var csv = false
    var header = false
    var delimiter: Character
    var null: String

    init(_ sql: String) throws {
        let text = SQLScript.stripComments(sql).trimmingWhitespace
        let upper = text.uppercased()
        guard let from = upper.range(of: " FROM STDIN") else {
            throw SessionError(SQLState.syntaxError, "expected COPY table [(columns)] FROM STDIN")
        }
        var target = String(text[text.index(text.startIndex, offsetBy: 4)..<from.lowerBound]).trimmingWhitespace
        columns = []
        if let open = target.firstIndex(of: "("), let close = target.lastIndex(of: ")") {
            columns = target[target.index(after: open)..<close].split(separator: ",").map {
                String($0).trimmingWhitespace.trimmingCharacters(in: ["\""])
            }
            target = String(target[..<open]).trimmingWhitespace
        }
        table = target.trimmingCharacters(in: ["\""])
        let options = upper[from.upperBound...]
        csv = options.contains("CSV")
        header = options.contains("HEADER") && !options.contains("HEADER FALSE") && !options.contains("HEADER OFF")
        delimiter = csv ? "," : "\t"
        null = csv ? "" : "\\N"
        let original = text[from.upperBound...]
        if let range = original.range(of: "DELIMITER", options: .caseInsensitive),
           let quote = original[range.upperBound...].firstIndex(of: "'") {
            let after = original.index(after: quote)
            if after < original.endIndex { delimiter = original[after] }
        }
        if let range = original.range(of: "NULL", options: .caseInsensitive),
           let quote = original[range.upperBound...].firstIndex(of: "'"),
           let end = original[original.index(after: quote)...].firstIndex(of: "'") {
            null = String(original[original.index(after: quote)..<end])
        }
    }

    /// The rows of `data`; every value a string (DuckDB casts to the column type) or NULL.
    func parse(_ data: String) throws -> [[DuckDBValue]] {
        var rows = csv ? parseCSV(data) : parseText(data)
        if header, !rows.isEmpty { rows.removeFirst() }
        for (number, row) in rows.enumerated() where row.count != columns.count {
            throw SessionError("22P04", "COPY row \(number + 1) has \(row.count) columns, expected \(columns.count)")
        }
        return rows
    }

    private func parseText(_ data: String) -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(line)
            if line.hasSuffix("\r") { line.removeLast() }
            if line == "\\." { break }
            if line.isEmpty { continue }
            rows.append(line.split(separator: delimiter, omittingEmptySubsequences: false).map { field in
                field == null ? .null : .string(Self.unescape(field))
            })
        }
        return rows
    }

    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = ""
        var iterator = field.makeIterator()
        while let c = iterator.next() {
            guard c == "\\", let next = iterator.next() else { out.append(c); continue }
            switch next {
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            default: out.append(next)
            }
        }
        return out
    }

    private func parseCSV(_ data: String) -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        var row: [DuckDBValue] = []
        var field = ""
        var quoted = false, wasQuoted = false, atStart = true
        var characters = Array(data)
        if characters.last != "\n" { characters.append("\n") }
        var i = 0
        func endField() {
            row.append(!wasQuoted && field == null ? .null : .string(field))
            field = ""; wasQuoted = false; atStart = true
        }
        while i < characters.count {
            let c = characters[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < characters.count, characters[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else {
                    field.append(c)
                }
            } else if c == "\"", atStart {
                quoted = true; wasQuoted = true; atStart = false
            } else if c == delimiter {
                endField()
            } else if c == "\n" || c == "\r\n" {
                if !(row.isEmpty && field.isEmpty && !wasQuoted) || !atStart {
                    endField()
                    if !(row.count == 1 && row[0] == .string("\\.")) { rows.append(row) }
                }
                row = []
                atStart = true
            } else if c == "\r" {
                // part of CRLF
            } else {
                field.append(c); atStart = false
            }
            i += 1
        }
        return rows
    }
}
