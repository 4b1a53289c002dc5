import DuckDBKit

/// Several statements that commit together as one job on the writer: each statement runs once
/// per parameter row, in order, all in one transaction. The way to store everything one step
/// produced (a capture's games, splits, prices and odds) in one go: in process it is one queued
/// write (it joins a group commit like any other); through a remote owner or PostgreSQL it is
/// one transaction on one connection, with no thread of its own.
///
/// ```swift
/// var job = WriteJob(key: .random())
/// job.add("INSERT INTO games (game_id, home) VALUES ($1, $2) ON CONFLICT (game_id) DO NOTHING", rows: games)
/// job.add("UPDATE runs SET finished = now() WHERE run_id = $1", [.string(run)])
/// let changed = try await db.perform(job)   // rows changed per statement, e.g. [12, 1]
/// ```
///
/// Contract: everything commits or nothing does; the first failing row fails the job (its
/// error names the statement and row). With a ``key``, a job whose key was already applied to
/// this database returns the counts recorded then and changes nothing.
public struct WriteJob: Sendable {
    /// One statement and the parameter rows it runs with (one run per row).
    public struct Statement: Sendable {
        public var sql: String
        public var rows: [[DuckDBValue]]
        /// The same change in the form a DuckDB writer in this process runs instead of `sql`
        /// and `rows` (rows appended into a staging table, statements reading them) and
        /// instead of the statements after this one that it covers
        /// (``StagedStatement/covers``); other engines ignore it. See ``StagedStatement``.
        public var staged: StagedStatement?

        public init(sql: String, rows: [[DuckDBValue]], staged: StagedStatement? = nil) {
            self.sql = sql
            self.rows = rows
            self.staged = staged
        }
    }

    public var statements: [Statement]
    /// Applied at most once per database when set (see ``WriteKey``).
    public var key: WriteKey?

    public init(key: WriteKey? = nil, _ statements: [Statement] = []) {
        self.key = key
        self.statements = statements
    }

    /// Adds a statement that runs once with `parameters`.
    public mutating func add(_ sql: String, _ parameters: [DuckDBValue] = []) {
        statements.append(Statement(sql: sql, rows: [parameters]))
    }

    /// Adds a statement that runs once per row of `rows` (not at all when it is empty).
    public mutating func add(_ sql: String, rows: [[DuckDBValue]]) {
        statements.append(Statement(sql: sql, rows: rows))
    }

    /// The same job with `key`.
    public func keyed(_ key: WriteKey) -> WriteJob { WriteJob(key: key, statements) }

    /// How many statement runs the job holds (what the writer's batch size counts).
    public var runCount: Int { statements.reduce(0) { $0 + $1.rows.count } }

    public var isEmpty: Bool { runCount == 0 }
}
