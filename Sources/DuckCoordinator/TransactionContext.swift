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
    private enum Backend {
        case connection(Connection)
        case session(execute: (String, [DuckDBValue]) throws -> Int, query: (String, [DuckDBValue]) throws -> ResultSet)
    }

    private let backend: Backend

    init(connection: Connection) { backend = .connection(connection) }

    /// A context backed by another session inside an open transaction (a remote server's):
    /// `execute` and `query` run one statement each and block until it is done, so the body
    /// they are handed to runs on a thread its coordinator owns.
    /// ```swift
    /// let tx = TransactionContext(execute: { sql, values in try session.execute(sql, values) },
    ///                             query: { sql, values in try session.query(sql, values) })
    /// ```
    public init(execute: @escaping (String, [DuckDBValue]) throws -> Int,
                query: @escaping (String, [DuckDBValue]) throws -> ResultSet) {
        backend = .session(execute: execute, query: query)
    }

    /// Runs a statement; returns rows changed. A thrown error rolls the whole transaction back.
    @discardableResult
    public func execute(_ sql: String, _ parameters: [DuckDBValue] = []) throws -> Int {
        switch backend {
        case .connection(let connection): try connection.execute(sql, parameters)
        case .session(let execute, _): try execute(sql, parameters)
        }
    }

    /// Runs a query inside the transaction (it sees the transaction's own writes).
    public func query(_ sql: String, _ parameters: [DuckDBValue] = []) throws -> ResultSet {
        switch backend {
        case .connection(let connection): try connection.query(sql, parameters)
        case .session(_, let query): try query(sql, parameters)
        }
    }
}
