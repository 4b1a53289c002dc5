import DuckDBKit

/// The table that makes keyed writes idempotent: `sharp_write_keys` holds each applied key and
/// the rows its statements changed, written in the same transaction as the write. The
/// coordinator creates it on the first keyed write (it is not a schema migration) and forgets
/// keys older than a week, long after any client could re-send one.
///
/// ```swift
/// try WriteKeyLedger.prepare(connection)                  // once, outside a transaction
/// let counts = try WriteKeyLedger.run(job, on: connection) // inside the caller's transaction
/// ```
///
/// The same SQL runs on DuckDB and PostgreSQL, so a remote client can keep the ledger itself
/// inside its own transaction (``claimSQL``, ``recordSQL``, ``recordedSQL``).
public enum WriteKeyLedger {
    public static let table = "sharp_write_keys"

    public static let createSQL = """
        CREATE TABLE IF NOT EXISTS sharp_write_keys (write_key TEXT PRIMARY KEY, changed TEXT NOT NULL, written_at TIMESTAMPTZ NOT NULL)
        """
    /// Forgets keys no client will send again.
    public static let pruneSQL = "DELETE FROM sharp_write_keys WHERE written_at < now() - INTERVAL '7 days'"
    /// Claims a key: changes one row when the key is new, none when it was applied already.
    public static let claimSQL = "INSERT INTO sharp_write_keys (write_key, changed, written_at) VALUES ($1, '', now()) ON CONFLICT (write_key) DO NOTHING"
    /// Records the counts of a claimed key.
    public static let recordSQL = "UPDATE sharp_write_keys SET changed = $2 WHERE write_key = $1"
    /// The counts recorded for a key.
    public static let recordedSQL = "SELECT changed FROM sharp_write_keys WHERE write_key = $1"

    /// Creates the ledger when missing and prunes it; run outside any transaction.
    public static func prepare(_ connection: Connection) throws {
        try connection.execute(createSQL)
        try connection.execute(pruneSQL)
    }

    /// The per-statement counts as the ledger stores them (`"3,0,1"`).
    public static func encode(_ counts: [Int]) -> String { counts.map(String.init).joined(separator: ",") }

    /// The counts a ledger row holds.
    public static func decode(_ text: String) -> [Int] {
        text.isEmpty ? [] : text.split(separator: ",").map { Int($0) ?? 0 }
    }

    /// Runs `job` inside the connection's current transaction: when its key was applied
    /// already, returns the recorded counts and runs nothing; else runs every statement and,
    /// with a key, records it. `statements` caches prepared statements across calls.
    /// - Throws: the first failing statement's `DuckDBError`, naming the statement and row.
    static func run(_ job: WriteJob, on connection: Connection, statements: PreparedStatementCache? = nil) throws -> [Int] {
        if let key = job.key {
            let recorded = try connection.query(recordedSQL, [.string(key.rawValue)])
            if let row = recorded.rows.first, case .string(let text) = row[0] { return decode(text) }
        }
        var counts: [Int] = []
        counts.reserveCapacity(job.statements.count)
        var covered = 0  // statements after a staged form that it stood for
        for (index, statement) in job.statements.enumerated() {
            if covered > 0 {
                covered -= 1
                continue
            }
            if let staged = statement.staged {
                guard staged.covers >= 1, index + staged.covers <= job.statements.count else {
                    throw DuckDBError(.other, message: "statement \(index + 1)'s staged form stands for \(staged.covers) statement(s); the job has \(job.statements.count - index) from there")
                }
                do { counts += try staged.run(on: connection, statements: statements) } catch let error as DuckDBError {
                    throw DuckDBError(error.kind, message: "statement \(index + 1) (\(staged.rows.count) staged rows): \(error.message)", sql: error.sql)
                }
                covered = staged.covers - 1
                continue
            }
            var changed = 0
            for (number, row) in statement.rows.enumerated() {
                do {
                    if row.isEmpty {
                        changed += try connection.execute(statement.sql)
                    } else if let statements {
                        let prepared = try statements.statement(statement.sql)
                        try prepared.bind(row)
                        changed += try prepared.execute()
                    } else {
                        changed += try connection.execute(statement.sql, row)
                    }
                } catch let error as DuckDBError where job.runCount > 1 {
                    throw DuckDBError(error.kind, message: "statement \(index + 1), row \(number + 1): \(error.message)", sql: statement.sql)
                }
            }
            counts.append(changed)
        }
        if let key = job.key {
            try connection.execute("INSERT INTO sharp_write_keys (write_key, changed, written_at) VALUES ($1, $2, now())",
                                   [.string(key.rawValue), .string(encode(counts))])
        }
        return counts
    }
}
