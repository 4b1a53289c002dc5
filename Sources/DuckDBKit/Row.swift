/// The column names of a result, shared by all its rows.
public final class ColumnNames: Sendable {
    /// Names in result order.
    public let names: [String]
    /// DuckDB's type name of each column (`INTEGER`, `VARCHAR`, `DECIMAL`, …), in result order;
    /// known even when the result has no rows.
    public let typeNames: [String]
    private let index: [String: Int]

    init(_ names: [String], typeNames: [String] = []) {
        self.names = names
        self.typeNames = typeNames
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    /// The position of `name`, or nil.
    public func position(of name: String) -> Int? { index[name] }
}

/// One row of a result.
///
/// ```swift
/// for row in try connection.query("SELECT home, money_pct FROM splits") {
///     let team: String = try row["home"]
///     let pct = try row["money_pct", as: Double.self]
///     print(team, pct, row[1])
/// }
/// ```
public struct Row: Sendable {
    /// The result's column names.
    public let columns: ColumnNames
    /// The values, in column order.
    public let values: [DuckDBValue]

    /// The value at a column position.
    public subscript(position: Int) -> DuckDBValue { values[position] }

    /// The value of a named column, or nil when the result has no such column.
    public func value(_ name: String) -> DuckDBValue? {
        columns.position(of: name).map { values[$0] }
    }

    /// The value of a named column converted to `T`; throws when the column is missing or the
    /// value does not convert (NULL converts only to an Optional).
    public subscript<T: DuckDBValueConvertible>(name: String, as type: T.Type = T.self) -> T {
        get throws {
            guard let position = columns.position(of: name) else {
                throw DuckDBError(.typeMismatch, message:
                    "no column \"\(name)\" in result (columns: \(columns.names.joined(separator: ", ")))")
            }
            do { return try T(duckDBValue: values[position]) } catch let error as DuckDBError {
                throw DuckDBError(.typeMismatch, message: "column \"\(name)\": \(error.message)")
            }
        }
    }
}

/// A fully read result: its column names, rows, and the number of rows a statement changed.
///
/// ```swift
/// let result = try connection.query("SELECT count(*) AS n FROM splits")
/// let n: Int = try result[0]["n"]
/// ```
public struct ResultSet: Sendable, RandomAccessCollection {
    /// The column names.
    public let columns: ColumnNames
    /// The rows.
    public let rows: [Row]
    /// Rows inserted, updated or deleted by the statement (0 for queries).
    public let rowsChanged: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { rows.count }
    public subscript(position: Int) -> Row { rows[position] }
}

extension ResultSet {
    /// A result built from values that did not come from a DuckDB connection (a remote
    /// server's rows): every row must have one value per column.
    /// ```swift
    /// let result = ResultSet(columns: ["n"], typeNames: ["BIGINT"], rows: [[.int(3)]])
    /// ```
    public init(columns names: [String], typeNames: [String], rows values: [[DuckDBValue]], rowsChanged: Int = 0) {
        let columns = ColumnNames(names, typeNames: typeNames)
        self.columns = columns
        self.rows = values.map { Row(columns: columns, values: $0) }
        self.rowsChanged = rowsChanged
    }
}
