/// The last touches ArgumentParser's help and usage text gets before it is printed: titled
/// option groups (such as "STORAGE OPTIONS") move after the command's own options, and a usage
/// line wider than the screen is wrapped between its elements.
///
/// ArgumentParser lists titled groups before the untitled OPTIONS and never wraps the usage
/// line (283 columns for `sharp report`); this keeps what a command is for first and every
/// line within `columns`. A pure text transform: text without such sections or long usage
/// lines comes back unchanged.
///
/// ```swift
/// let text = SharpCommand.fullMessage(for: error, columns: 80)
/// print(HelpLayout.arrange(text, columns: 80))
/// ```
enum HelpLayout {
    /// `text` with titled option sections after OPTIONS and usage lines wrapped at `columns`.
    static func arrange(_ text: String, columns: Int) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return reorderSections(lines).map { wrapUsage($0, columns: columns) }.joined(separator: "\n")
    }

    /// Section headers ArgumentParser writes itself; any other all-capitals header is a titled
    /// option group.
    private static let builtInHeaders: Set<String> = ["ARGUMENTS:", "OPTIONS:", "SUBCOMMANDS:"]

    private static func isHeader(_ line: String) -> Bool {
        guard line.count > 1, line.hasSuffix(":"), let first = line.first, first.isUppercase else { return false }
        return line.dropLast().allSatisfy { $0.isUppercase || $0 == " " || $0.isNumber }
    }

    /// Moves the titled sections that come before OPTIONS to right after it, in their order.
    private static func reorderSections(_ lines: [String]) -> [String] {
        // Sections: a header line and the lines up to the next header.
        var starts: [Int] = []
        for (index, line) in lines.enumerated() where isHeader(line) { starts.append(index) }
        guard let optionsIndex = starts.firstIndex(where: { lines[$0] == "OPTIONS:" }) else { return lines }
        let ranges = starts.indices.map { i in starts[i]..<(i + 1 < starts.count ? starts[i + 1] : lines.count) }
        let moved = ranges[..<optionsIndex].filter { !builtInHeaders.contains(lines[$0.lowerBound]) }
        guard !moved.isEmpty else { return lines }

        func section(_ range: Range<Int>) -> [String] {
            var body = Array(lines[range])
            while body.last?.isEmpty == true { body.removeLast() }
            return body
        }
        var result = Array(lines[..<starts[0]])
        for range in ranges[..<optionsIndex] where !moved.contains(range) { result += lines[range] }
        result += section(ranges[optionsIndex])
        for range in moved {
            result.append("")
            result += section(range)
        }
        for range in ranges[(optionsIndex + 1)...] {
            result.append("")
            result += section(range)
        }
        // End as the original did (the blank lines after its last section).
        result += Array(repeating: "", count: lines.reversed().prefix { $0.isEmpty }.count)
        return result
    }

    /// A `USAGE:`/`Usage:` line wider than `columns`, broken between its elements (never inside
    /// `[--path <path>]`), continued under the first element.
    static func wrapUsage(_ line: String, columns: Int) -> String {
        guard line.count > columns, line.hasPrefix("USAGE: ") || line.hasPrefix("Usage: ") else { return line }
        let indent = String(repeating: " ", count: "USAGE: ".count)
        var depth = 0
        var pieces: [String] = []
        var current = ""
        for character in line {
            if character == " ", depth == 0, !current.isEmpty {
                pieces.append(current)
                current = ""
                continue
            }
            if character == "[" || character == "<" || character == "(" { depth += 1 }
            if character == "]" || character == ">" || character == ")" { depth = max(0, depth - 1) }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        // The prefix ("USAGE:") and the command path stay on the first line.
        var wrapped: [String] = []
        var row = ""
        for piece in pieces {
            if row.isEmpty {
                row = wrapped.isEmpty ? piece : indent + piece
            } else if row.count + 1 + piece.count <= columns || wrapped.isEmpty && isCommandWord(piece, after: row) {
                row += " " + piece
            } else {
                wrapped.append(row)
                row = indent + piece
            }
        }
        if !row.isEmpty { wrapped.append(row) }
        return wrapped.joined(separator: "\n")
    }

    /// Whether `piece` still names the command (`sharp db sql`) rather than an argument, so it
    /// stays on the first line whatever its width.
    private static func isCommandWord(_ piece: String, after row: String) -> Bool {
        guard let first = piece.first, first != "[", first != "<", first != "-" else { return false }
        return !row.contains { $0 == "[" || $0 == "<" || $0 == "-" }
    }
}
