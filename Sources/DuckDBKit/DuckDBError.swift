/// An error from DuckDB or from the binding, carrying DuckDB's own message.
///
/// ```swift
/// do { try connection.execute("SELEC 1") }
/// catch let error as DuckDBError where error.kind == .syntax { print(error.message) }
/// ```
public struct DuckDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, classified from DuckDB's message or the binding's own checks.
    public enum Kind: String, Sendable, Equatable {
        /// The DuckDB library could not be found or loaded.
        case libraryNotFound
        /// The library was found but lacks a function sharp needs.
        case symbolMissing
        /// Opening the database failed (bad path, permissions, ...).
        case open
        /// Another process holds the database file ("Conflicting lock is held").
        case lockConflict
        /// The SQL does not parse.
        case syntax
        /// A table, column or function named in the SQL does not exist.
        case catalog
        /// The SQL parses but does not bind (wrong types, missing parameters, ...).
        case binder
        /// A value could not be converted to the column's type.
        case conversion
        /// A constraint (primary key, unique, not null, check) was violated.
        case constraint
        /// The query was interrupted.
        case interrupted
        /// A transaction could not commit because of a conflict with another one.
        case transactionConflict
        /// A handle was used after it was closed.
        case closed
        /// A value read back did not have the requested Swift type.
        case typeMismatch
        /// Any other DuckDB error.
        case other
    }

    /// The classification of this error.
    public let kind: Kind
    /// DuckDB's message (or the binding's, for `closed` and `typeMismatch`).
    public let message: String
    /// The SQL that failed, when there was one.
    public let sql: String?

    /// Creates an error; `kind` defaults to the classification of `message`.
    public init(_ kind: Kind? = nil, message: String, sql: String? = nil) {
        self.kind = kind ?? DuckDBError.classify(message)
        self.message = message
        self.sql = sql
    }

    public var description: String {
        guard let sql else { return message }
        let shown = sql.count > 200 ? String(sql.prefix(200)) + "…" : sql
        return "\(message)\n  in SQL: \(shown)"
    }

    /// Classifies a DuckDB error message by the error-type prefix DuckDB puts on it.
    static func classify(_ message: String) -> Kind {
        if message.contains("Conflicting lock is held") || message.contains("Could not set lock on file") {
            return .lockConflict
        }
        let prefixes: [(String, Kind)] = [
            ("Parser Error", .syntax), ("Catalog Error", .catalog), ("Binder Error", .binder),
            ("Conversion Error", .conversion), ("Constraint Error", .constraint),
            ("INTERRUPT Error", .interrupted), ("Interrupt Error", .interrupted),
            ("TransactionContext Error", .transactionConflict),
            ("Invalid Input Error", .conversion), ("Out of Range Error", .conversion),
        ]
        for (prefix, kind) in prefixes where message.hasPrefix(prefix) { return kind }
        // Messages without a type prefix (the appender's, for instance).
        let contains: [(String, Kind)] = [
            ("constraint violation", .constraint), ("violates", .constraint), ("Interrupted", .interrupted),
            ("could not be found", .catalog), ("does not exist", .catalog),
        ]
        for (fragment, kind) in contains where message.contains(fragment) { return kind }
        return .other
    }
}
