/// The one place sharp turns a name into SQL: every table, schema or column name that goes into
/// generated SQL passes through ``SQLIdentifier/quoted(_:)``, and every value is bound as a
/// parameter, never spliced into the text. `grep -rn 'SQLIdentifier' Sources` lists the callers.
///
/// The contract: a valid name (not empty, no NUL byte, at most ``maximumLength`` UTF-8 bytes) is
/// wrapped in double quotes with embedded quotes doubled, so DuckDB reads it as exactly one
/// identifier whatever it contains (`x; DROP TABLE games` names a table that does not exist);
/// anything else throws ``DuckDBError/Kind-swift.enum/binder`` before any SQL is built. The NUL
/// rule matters: DuckDB takes SQL as a C string, so a NUL would cut the statement short.
///
/// ```swift
/// let table = try SQLIdentifier.quoted("x; DROP TABLE games")  // "\"x; DROP TABLE games\""
/// try connection.execute("SELECT count(*) FROM \(table)")     // Catalog Error: no such table
/// let qualified = try SQLIdentifier.qualified("main.games")   // "\"main\".\"games\""
/// ```
public enum SQLIdentifier {
    /// The longest name accepted, in UTF-8 bytes.
    public static let maximumLength = 255

    /// `name` as one quoted SQL identifier.
    /// - Throws: `DuckDBError` (`.binder`) when the name is empty, holds a NUL byte or is too long.
    public static func quoted(_ name: String) throws -> String {
        try validate(name)
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.table` (split at the first dot) or `table`, each part quoted by ``quoted(_:)``.
    public static func qualified(_ name: String) throws -> String {
        try name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            .map { try quoted(String($0)) }.joined(separator: ".")
    }

    /// Throws unless `name` can be a quoted identifier.
    public static func validate(_ name: String) throws {
        if name.isEmpty { throw DuckDBError(.binder, message: "empty SQL identifier") }
        if name.utf8.contains(0) { throw DuckDBError(.binder, message: "SQL identifier contains a NUL byte") }
        if name.utf8.count > maximumLength {
            throw DuckDBError(.binder, message: "SQL identifier longer than \(maximumLength) bytes: \(name.prefix(40))…")
        }
    }
}
