import DuckDBKit

/// The connection handed to a `transaction` body: runs statements inside the transaction.
///
/// ```swift
/// let moved = try await coordinator.transaction { tx in
///     let n = try tx.execute("DELETE FROM betting_splits WHERE game_id = ?", [.string(id)])
///     try tx.execute("INSERT INTO betting_splits SELECT * FROM staged WHERE game_id = ?", [.string(id)])
///     return n
/// }
/// ```
public struct TransactionContext {
    let connection: Connection

    /// Runs a statement; returns rows changed. A thrown error rolls the whole transaction back.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [DuckDBValue] = []) throws -> Int {
        try connection.execute(sql, parameters)
    }

    /// Runs a query inside the transaction (it sees the transaction's own writes).
    public func query(_ sql: String, _ parameters: [DuckDBValue] = []) throws -> ResultSet {
        try connection.query(sql, parameters)
    }
}
