import DuckCoordinator

/// The one place that holds SQL only one engine accepts (see the seams in
/// docs/ARCHITECTURE.md): everything else sharp sends is SQL both DuckDB and PostgreSQL take
/// (``SQLQuery``'s `$n`, ``PortableSQL``, ``SchemaCatalog``'s `information_schema`).
///
/// ```swift
/// let size = try await db.read(db.dialect.databaseSizeQuery, [])   // one row: database_size, wal_size
/// ```
extension SQLDialect {
    /// One row, columns `database_size` and `wal_size` (text, as the engine words them):
    /// DuckDB's `PRAGMA database_size`; PostgreSQL's `pg_database_size` of the current database
    /// (its WAL is the cluster's, not the database's: `-`).
    public var databaseSizeQuery: String {
        switch self {
        case .duckdb: "SELECT database_size, wal_size FROM pragma_database_size()"
        case .postgresql: "SELECT pg_size_pretty(pg_database_size(current_database())) AS database_size, '-' AS wal_size"
        }
    }
}
