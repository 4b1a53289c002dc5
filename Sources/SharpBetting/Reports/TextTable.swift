/// Left-aligned columns padded to their widest cell, for terminal output.
///
/// ```swift
/// TextTable.render(header: ["Game", "Pick"], rows: [["PHI@NYM", "NYM ML +130"]])
/// // ["Game     Pick", "-------  -----------", "PHI@NYM  NYM ML +130"]
/// ```
public enum TextTable {
    /// The table's lines: header, a rule, then the rows.
    public static func render(header: [String], rows: [[String]]) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
            }.joined(separator: "  ")
        }
        return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
    }
}
