/// The SQL engine behind a coordinator: DuckDB (a file opened here, or a sharp owner serving
/// one) or a real PostgreSQL. Code that must send engine-specific SQL asks its coordinator
/// (``DatabaseCoordinating/dialect``) instead of guessing; SQL both engines accept needs no
/// branch at all.
///
/// ```swift
/// let upsert = switch db.dialect {
/// case .duckdb: "INSERT OR REPLACE INTO games VALUES ($1, $2)"
/// case .postgresql: "INSERT INTO games VALUES ($1, $2) ON CONFLICT (game_id) DO UPDATE SET home = excluded.home"
/// }
/// ```
///
/// A `RemoteCoordinator` learns it on connect: a sharp owner answers `SHOW sharp.engine` with
/// `duckdb`, a real PostgreSQL refuses the unknown parameter (SQLSTATE 42704).
public enum SQLDialect: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// DuckDB: a file opened in this process, or reached through the sharp process that owns it.
    case duckdb
    /// PostgreSQL (13 or newer).
    case postgresql

    public var description: String {
        switch self {
        case .duckdb: "DuckDB"
        case .postgresql: "PostgreSQL"
        }
    }
}
