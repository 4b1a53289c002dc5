import DuckCoordinator
import DuckDBKit
import Foundation

/// Copies every table of a sharp database to another — a DuckDB file and a PostgreSQL
/// database, either way (any two ``DatabaseCoordinating``s) — and proves the copy: per table,
/// the row count and a ``TableChecksum`` of the rows read from the source equal those read
/// back from the target.
///
/// 1. The source must be at the schema version this build knows; the target is migrated to it.
/// 2. Every target table must be empty (or `replace`: its rows go, in the final transaction).
/// 3. Each table is read from the source in primary-key order, a chunk at a time, and appended
///    into a staging table on the target (`sharp_copy_<table>`: COPY … FROM STDIN through a
///    sharp owner or PostgreSQL, the appender in process), then read back and checked.
/// 4. One transaction moves every staged table into place and drops the staging tables.
///
/// So nothing is half-copied: a failure (or a crash) before step 4 leaves the target's tables
/// as they were (staging tables are dropped, or replaced by the next copy), and step 4 commits
/// whole or not at all.
///
/// ```swift
/// let copier = DatabaseCopier(from: file, to: postgres)
/// let tables = try await copier.run { event in print(event) }
/// for table in tables { print(table.name, table.rows, table.checksum.hex) }
/// ```
public struct DatabaseCopier: Sendable {
    /// Where rows come from.
    public let source: any DatabaseCoordinating
    /// Where they go.
    public let target: any DatabaseCoordinating
    /// Clear the target's tables in the final transaction instead of refusing a non-empty one.
    public let replace: Bool
    /// Rows per read and per append.
    public let chunkRows: Int

    /// Tables never copied: the migration ledger (the target keeps its own) and the write-key
    /// ledger (idempotency keys of one database's clients).
    public static let skippedTables: Set<String> = ["schema_migrations", "sharp_write_keys"]
    /// Prefix of the staging tables.
    public static let stagingPrefix = "sharp_copy_"

    /// A copier from `source` to `target`.
    public init(from source: any DatabaseCoordinating, to target: any DatabaseCoordinating, replace: Bool = false,
                chunkRows: Int = 20_000) {
        self.source = source
        self.target = target
        self.replace = replace
        self.chunkRows = max(1, chunkRows)
    }

    /// What one table's copy proved.
    public struct Table: Sendable, Hashable {
        /// The table.
        public var name: String
        /// Rows copied.
        public var rows: Int
        /// The rows' checksum, equal on both sides.
        public var checksum: TableChecksum
    }

    /// What a copy is doing, for progress and messages.
    public enum Event: Sendable {
        /// The plan: each table with its source row count (in copy order).
        case planned([(table: String, rows: Int)])
        /// More rows of `table` are on the target (staged).
        case copied(table: String, rows: Int)
        /// `table` read back from the target equals the source.
        case verified(Table)
        /// Tables of the source that are not sharp's (no such table in sharp's schema): not copied.
        case skipped([String])
        /// Every table is in place.
        case committed
    }

    /// Copies every table; returns what each copy proved.
    ///
    /// - Throws: ``DatabaseCopyError`` for a source at another schema version, a target that is
    ///   not empty, or a table whose copy does not match; database errors as they are.
    @discardableResult
    public func run(_ report: @Sendable (Event) -> Void = { _ in }) async throws -> [Table] {
        let migrator = SchemaMigrator()
        let sourceVersion = try await migrator.currentVersion(source)
        guard sourceVersion == migrator.latestVersion else {
            throw DatabaseCopyError.sourceVersion(sourceVersion, known: migrator.latestVersion)
        }
        try await migrator.migrate(target)

        let targetTables = Set(try await SchemaCatalog.tables(in: target))
        let sourceTables = try await SchemaCatalog.tables(in: source)
            .filter { !Self.skippedTables.contains($0) && !$0.hasPrefix(Self.stagingPrefix) }
        let foreign = sourceTables.filter { !targetTables.contains($0) }
        if !foreign.isEmpty { report(.skipped(foreign)) }
        let tables = sourceTables.filter(targetTables.contains)

        var plan: [(table: String, rows: Int)] = []
        var occupied: [String] = []
        for table in tables {
            plan.append((table, try await Self.count(table, in: source)))
            let present = try await Self.count(table, in: target)
            if present > 0 { occupied.append("\(table) (" + counted(present, "row") + ")") }
        }
        if !occupied.isEmpty && !replace { throw DatabaseCopyError.targetNotEmpty(occupied) }
        report(.planned(plan))

        var copied: [Table] = []
        do {
            for (table, _) in plan {
                copied.append(try await copy(table, report))
                report(.verified(copied.last!))
            }
            var move = WriteJob()
            for table in copied {
                let name = try SQLIdentifier.quoted(table.name)
                let columns = try await SchemaCatalog.columns(of: table.name, in: target).map(SQLIdentifier.quoted).joined(separator: ", ")
                if replace { move.add("DELETE FROM \(name)") }
                move.add("INSERT INTO \(name) (\(columns)) SELECT \(columns) FROM \(try Self.staging(table.name))")
                move.add("DROP TABLE \(try Self.staging(table.name))")
            }
            if !move.isEmpty { try await target.perform(move, priority: .critical) }
        } catch {
            await dropStaging(tables)
            throw error
        }
        for table in copied {
            let rows = try await Self.count(table.name, in: target)
            guard rows == table.rows else { throw DatabaseCopyError.changedAfterCommit(table: table.name, expected: table.rows, found: rows) }
        }
        report(.committed)
        return copied
    }

    /// Stages one table on the target and checks it against the source.
    private func copy(_ table: String, _ report: @Sendable (Event) -> Void) async throws -> Table {
        let columns = try await SchemaCatalog.columns(of: table, in: source)
        let targetColumns = Set(try await SchemaCatalog.columns(of: table, in: target))
        if let missing = columns.first(where: { !targetColumns.contains($0) }) {
            throw DatabaseCopyError.schema(table: table, detail: "the target has no column \(missing)")
        }
        let staging = try Self.staging(table)
        try await target.immediateWrite("DROP TABLE IF EXISTS \(staging)", [])
        try await target.immediateWrite("CREATE TABLE \(staging) AS SELECT * FROM \(try SQLIdentifier.quoted(table)) WHERE 1 = 0", [])
        let key = try await Self.primaryKey(of: table, in: source)

        var sent = TableChecksum()
        try await Self.scan(table, columns: columns, key: key, chunkRows: chunkRows, in: source) { rows in
            for row in rows { sent.add(row) }
            _ = try await target.bulkInsert(into: Self.stagingPrefix + table, columns: columns, rows: rows, priority: .normal)
            report(.copied(table: table, rows: rows.count))
        }
        var received = TableChecksum()
        try await Self.scan(Self.stagingPrefix + table, columns: columns, key: key, chunkRows: chunkRows, in: target) { rows in
            for row in rows { received.add(row) }
        }
        guard received == sent else {
            throw DatabaseCopyError.mismatch(table: table, source: sent.description, target: received.description)
        }
        return Table(name: table, rows: sent.rows, checksum: sent)
    }

    /// Reads `table`'s `columns` a chunk at a time, in `key` order (keyset pagination: each
    /// chunk starts after the last key read; no key: one read).
    private static func scan(_ table: String, columns: [String], key: [String], chunkRows: Int,
                             in db: any DatabaseCoordinating, _ body: ([[DuckDBValue]]) async throws -> Void) async throws {
        let name = try SQLIdentifier.quoted(table)
        let list = try columns.map(SQLIdentifier.quoted).joined(separator: ", ")
        guard !key.isEmpty else {
            let rows = try await db.read("SELECT \(list) FROM \(name)", []).rows.map(\.values)
            if !rows.isEmpty { try await body(rows) }
            return
        }
        let keyList = try key.map(SQLIdentifier.quoted).joined(separator: ", ")
        let keyPositions = key.map { columns.firstIndex(of: $0)! }
        var after: [DuckDBValue]?
        while true {
            let filter = after.map { values in
                "WHERE (\(keyList)) > (\(SQLQuery.placeholders(values.count)))"
            } ?? ""
            let rows = try await db.read("SELECT \(list) FROM \(name) \(filter) ORDER BY \(keyList) LIMIT \(chunkRows)",
                                         after ?? []).rows.map(\.values)
            if rows.isEmpty { return }
            try await body(rows)
            if rows.count < chunkRows { return }
            after = keyPositions.map { rows.last![$0] }
        }
    }

    /// The primary-key columns of `table`, in key order (empty when it has none).
    private static func primaryKey(of table: String, in db: any DatabaseCoordinating) async throws -> [String] {
        let query: SQLQuery = """
            SELECT k.column_name FROM information_schema.table_constraints c
            JOIN information_schema.key_column_usage k
              ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
            WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() AND c.table_name = \(.string(table))
            ORDER BY k.ordinal_position
            """
        return try await db.read(query).map { try $0["column_name", as: String.self] }
    }

    private static func count(_ table: String, in db: any DatabaseCoordinating) async throws -> Int {
        try await db.read("SELECT count(*) AS n FROM \(try SQLIdentifier.quoted(table))", [])[0]["n"]
    }

    private static func staging(_ table: String) throws -> String { try SQLIdentifier.quoted(stagingPrefix + table) }

    /// Best effort: the staging tables of `tables` go.
    private func dropStaging(_ tables: [String]) async {
        for table in tables {
            guard let staging = try? Self.staging(table) else { continue }
            _ = try? await target.immediateWrite("DROP TABLE IF EXISTS \(staging)", [])
        }
    }
}

/// Why a ``DatabaseCopier`` refused or failed.
public enum DatabaseCopyError: Error, Equatable, CustomStringConvertible {
    /// The source's schema version is not the one this build knows.
    case sourceVersion(Int, known: Int)
    /// Target tables that already hold rows.
    case targetNotEmpty([String])
    /// A table's columns differ between source and target.
    case schema(table: String, detail: String)
    /// What was read back from the target differs from what the source holds.
    case mismatch(table: String, source: String, target: String)
    /// After the commit the target table holds another number of rows than was copied.
    case changedAfterCommit(table: String, expected: Int, found: Int)

    public var description: String {
        switch self {
        case .sourceVersion(let version, let known) where version < known:
            "the source is at schema version \(version) of \(known): run `sharp db migrate` on it first"
        case .sourceVersion(let version, let known):
            "the source is at schema version \(version), newer than this sharp knows (\(known)): copy with a newer sharp"
        case .targetNotEmpty(let tables):
            "the target already holds rows in \(tables.joined(separator: ", ")): copy into an empty database, or pass --replace to replace them"
        case .schema(let table, let detail): "\(table): \(detail)"
        case .mismatch(let table, let source, let target):
            "\(table): the copy does not match the source (source \(source), target \(target)); nothing was committed — is something writing to the source? stop it and copy again"
        case .changedAfterCommit(let table, let expected, let found):
            "\(table): " + counted(expected, "row") + " " + (expected == 1 ? "was" : "were") + " copied and committed, but the target now holds \(found): something else writes to the target"
        }
    }
}
