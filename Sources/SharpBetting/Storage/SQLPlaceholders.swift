/// `?, ?, ?` lists for `IN (…)` clauses with bound parameters.
enum SQLPlaceholders {
    /// `count` question marks separated by commas.
    static func list(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
