import DuckCoordinator
import DuckDBKit

extension DatabaseCoordinating {
    /// Runs `query` on a reader connection and returns its rows.
    ///
    /// ```swift
    /// let rows = try await db.read("SELECT * FROM games WHERE game_date = \(.date(day.duckDBDate))")
    /// ```
    public func read(_ query: SQLQuery) async throws -> ResultSet { try await read(query.sql, query.parameters) }

    /// Queues `query` as a write with `priority`; returns rows changed once it has committed.
    @discardableResult
    public func write(_ query: SQLQuery, priority: OperationPriority = .normal) async throws -> Int {
        try await write(query.sql, query.parameters, priority: priority)
    }
}

extension TransactionContext {
    /// Runs `query` inside the transaction; returns rows changed.
    @discardableResult
    public func execute(_ query: SQLQuery) throws -> Int { try execute(query.sql, query.parameters) }

    /// Runs `query` inside the transaction and returns its rows.
    public func query(_ query: SQLQuery) throws -> ResultSet { try self.query(query.sql, query.parameters) }
}
