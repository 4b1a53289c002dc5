import DuckDBKit

/// PostgreSQL's text for a nested DuckDB value: a LIST or ARRAY as an array literal
/// (`{1,2,NULL}`, `{"a b",c}`, `{{1,2},{3}}`), a STRUCT as a record (`(1,"a b",)`), so a client
/// reads it as it would read PostgreSQL's arrays and composites in text.
///
/// ```swift
/// NestedValueText.postgres(.list([.scalar(.int(1)), .null]))              // "{1,NULL}"
/// NestedValueText.postgres(.structure([("a", .scalar(.string("x y")))])) // "(\"x y\")"
/// ```
enum NestedValueText {
    static func postgres(_ value: DuckDBNestedValue) -> String? {
        switch value {
        case .null: nil
        case .scalar(let scalar): ValueEncoding.textString(scalar, as: scalarType(scalar))
        case .list(let elements):
            "{" + elements.map { element -> String in
                guard let text = postgres(element) else { return "NULL" }
                if case .list = element { return text }
                return quotedElement(text)
            }.joined(separator: ",") + "}"
        case .structure(let fields):
            "(" + fields.map { field in postgres(field.value).map(quotedField) ?? "" }.joined(separator: ",") + ")"
        }
    }

    /// How a scalar inside a nested value is written (as its own column would be).
    private static func scalarType(_ value: DuckDBValue) -> PostgresType {
        switch value {
        case .bool: .bool
        case .double: .float8
        case .blob: .bytea
        default: .text
        }
    }

    /// An array element, quoted when PostgreSQL would quote it.
    private static func quotedElement(_ text: String) -> String {
        let special = text.isEmpty || text.caseInsensitiveCompare("NULL") == .orderedSame
            || text.contains { "{},\"\\".contains($0) || $0.isWhitespace }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A record field, quoted when PostgreSQL would quote it.
    private static func quotedField(_ text: String) -> String {
        let special = text.isEmpty || text.contains { "(),\"\\".contains($0) || $0.isWhitespace }
        guard special else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
