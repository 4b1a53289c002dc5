import Synchronization

/// Remembers which SQL strings with placeholders are single-row INSERT templates, so a storm of
/// identical parameterised writes parses its SQL once. SQL without placeholders (literal values,
/// a new text each time) is parsed every time and never cached.
final class InsertShapeCache: Sendable {
    private let templates = Mutex<[String: InsertTemplate?]>([:])

    /// The template of `sql` when it is a single-row INSERT of parameters and literals, else nil.
    func template(of sql: String, parameterized: Bool) -> InsertTemplate? {
        guard parameterized else { return Self.isInsert(sql) ? InsertTemplate(sql) : nil }
        if let known = templates.withLock({ $0[sql] }) { return known }
        let parsed = Self.isInsert(sql) ? InsertTemplate(sql) : nil
        templates.withLock { templates in
            if templates.count > 1_024 { templates.removeAll() }
            templates[sql] = .some(parsed)
        }
        return parsed
    }

    /// The target of `sql` when it is one row of plain placeholders in order, else nil.
    func shape(of sql: String) -> InsertStatement? {
        guard let template = template(of: sql, parameterized: true), template.isAllParameters else { return nil }
        return template.target
    }

    /// Whether `sql` starts with INSERT (after spaces): the cheap test before parsing.
    private static func isInsert(_ sql: String) -> Bool {
        var bytes = sql.utf8.drop { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }.prefix(6).makeIterator()
        for letter in "insert".utf8 {
            guard let byte = bytes.next(), byte | 0x20 == letter else { return false }
        }
        return true
    }
}
