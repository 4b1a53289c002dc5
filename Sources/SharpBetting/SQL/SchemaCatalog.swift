import DuckCoordinator
import DuckDBKit

/// What the database's catalog says about sharp's tables, through `information_schema`,
/// which DuckDB and PostgreSQL both keep (no `duckdb_tables()`, no `pg_catalog`): tables of
/// the current schema (`main` in DuckDB, `public` in PostgreSQL) and their columns.
///
/// ```swift
/// if try await SchemaCatalog.tableExists("strategy_performance", in: db) { … }
/// let tables = try await SchemaCatalog.tables(in: db)              // ["alert_ledger", "book_prices", …]
/// let columns = try await SchemaCatalog.columns(of: "games", in: db) // ["game_id", "game_date", …]
/// ```
public enum SchemaCatalog {
    /// Whether a base table `name` exists in the current schema.
    public static func tableExists(_ name: String, in db: some DatabaseCoordinating) async throws -> Bool {
        let query: SQLQuery = """
            SELECT count(*) AS n FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_name = \(.string(name))
            """
        let count: Int = try await db.read(query)[0]["n"]
        return count > 0
    }

    /// The base tables (not views) of the current schema, by name.
    public static func tables(in db: some DatabaseCoordinating) async throws -> [String] {
        try await db.read("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name
            """, []).map { try $0["table_name", as: String.self] }
    }

    /// The columns of `table`, in table order.
    public static func columns(of table: String, in db: some DatabaseCoordinating) async throws -> [String] {
        let query: SQLQuery = """
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(.string(table)) ORDER BY ordinal_position
            """
        return try await db.read(query).map { try $0["column_name", as: String.self] }
    }
}
