import DuckCoordinator
import DuckDBKit

/// Applies the numbered migrations a database has not seen yet, each in its own transaction,
/// and records them in `schema_migrations`. A version below the highest applied one still
/// runs when it was never recorded (ranges of versions belong to parallel lines of work).
///
/// ```swift
/// let version = try await SchemaMigrator().migrate(coordinator)
/// print("schema at version \(version)")
/// ```
public struct SchemaMigrator: Sendable {
    /// The migrations this migrator knows.
    public let migrations: [SchemaMigration]

    /// A migrator for `migrations` (default: the sharp-betting schema).
    public init(migrations: [SchemaMigration] = SchemaMigrations.all) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The newest version this migrator knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the schema up to date; returns the version it is at afterwards.
    @discardableResult
    public func migrate(_ database: some DatabaseCoordinating) async throws -> Int {
        try await database.immediateWrite("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, [])
        // Apply every version not yet recorded (not only those above the highest): numbered
        // ranges are reserved for parallel lines of work, which may land in either order.
        let applied = Set(try await database.read("SELECT version FROM schema_migrations", [])
            .map { try $0["version", as: Int.self] })
        for migration in migrations where !applied.contains(migration.version) {
            try await database.transaction { tx in
                // Two processes may race here: re-check inside the transaction.
                let done: Int = try tx.query("SELECT count(*) AS n FROM schema_migrations WHERE version = ?",
                                             [.int(Int64(migration.version))])[0]["n"]
                guard done == 0 else { return }
                try tx.execute(migration.sql)
                try tx.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                               [.int(Int64(migration.version)), .string(migration.name)])
            }
        }
        return try await currentVersion(database)
    }

    /// The highest version recorded (0 for a fresh database).
    public func currentVersion(_ database: some DatabaseCoordinating) async throws -> Int {
        let exists: Int = try await database.read(
            "SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'schema_migrations'", [])[0]["n"]
        guard exists > 0 else { return 0 }
        return try await database.read("SELECT coalesce(max(version), 0) AS v FROM schema_migrations", [])[0]["v"]
    }
}
