import DuckCoordinator
import DuckDBKit

/// Applies the numbered migrations a database has not seen yet, each in its own transaction,
/// and records them in `schema_migrations`. A version below the highest applied one still
/// runs when it was never recorded (ranges of versions belong to parallel lines of work).
/// The same SQL runs on DuckDB and PostgreSQL.
///
/// ```swift
/// let version = try await SchemaMigrator().migrate(coordinator)
/// print("schema at version \(version)")
/// ```
///
/// Contract: a database already at the latest version costs two reads and no write, so
/// calling this once per process (per connection to a database) is cheap. Several processes
/// may migrate the same database at once: a migration's transaction first inserts its
/// version row, so the second writer of a version fails on the primary key (PostgreSQL makes
/// it wait for the first to commit) and skips it; nothing is applied twice.
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
        var applied = try await appliedVersions(database)
        let missing = migrations.filter { !(applied?.contains($0.version) ?? false) }
        guard !missing.isEmpty else { return applied?.max() ?? 0 }
        if applied == nil {
            try await createLedger(database)
            applied = []
        }
        // Apply every version not yet recorded (not only those above the highest): numbered
        // ranges are reserved for parallel lines of work, which may land in either order.
        for migration in missing {
            let record: SQLQuery = """
                INSERT INTO schema_migrations (version, name) VALUES (\(.int(Int64(migration.version))), \(.string(migration.name)))
                """
            do {
                try await database.transaction { tx in
                    // First, so a second process migrating at once fails here (and skips) before
                    // running any statement of the migration.
                    try tx.execute(record)
                    for statement in migration.statements { try tx.execute(statement) }
                }
            } catch let error as DuckDBError where error.kind == .constraint {
                continue  // Another process applied this version meanwhile.
            }
        }
        return try await currentVersion(database)
    }

    /// The highest version recorded (0 for a fresh database).
    public func currentVersion(_ database: some DatabaseCoordinating) async throws -> Int {
        try await appliedVersions(database)?.max() ?? 0
    }

    /// The versions recorded, nil when `schema_migrations` does not exist yet.
    private func appliedVersions(_ database: some DatabaseCoordinating) async throws -> Set<Int>? {
        guard try await SchemaCatalog.tableExists("schema_migrations", in: database) else { return nil }
        return Set(try await database.read("SELECT version FROM schema_migrations", []).map { try $0["version", as: Int.self] })
    }

    /// Creates `schema_migrations`; a process creating it at the same moment is not an error.
    private func createLedger(_ database: some DatabaseCoordinating) async throws {
        do {
            try await database.immediateWrite("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, [])
        } catch let error as DuckDBError where error.kind == .constraint {
            // PostgreSQL: two CREATE TABLE IF NOT EXISTS at once, the second fails on its catalog's key.
            guard try await SchemaCatalog.tableExists("schema_migrations", in: database) else { throw error }
        }
    }
}
