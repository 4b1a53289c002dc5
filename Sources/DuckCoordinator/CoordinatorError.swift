import DuckDBKit

/// Errors of the coordinator itself (DuckDB's own errors arrive as `DuckDBError`).
///
/// ```swift
/// do { try await coordinator.write(sql, values) }
/// catch CoordinatorError.queueFull(let limit) { print("slow down: \(limit) writes queued") }
/// ```
public enum CoordinatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `maxQueueSize` writes are already waiting; this one was not accepted.
    case queueFull(limit: Int)
    /// The coordinator has shut down (or is shutting down) and accepts no more work.
    case shutDown
    /// No reader connection became free within `connectionTimeout` seconds.
    case connectionTimeout(seconds: Double)
    /// The legacy lock file could not be locked in time.
    case lockTimeout(path: String, waitedSeconds: Double)
    /// A configuration value is out of range.
    case invalidConfig(field: String, reason: String)
    /// A bulk insert's SQL or rows are not usable.
    case invalidBulkInsert(String)
    /// The health probe did not answer in time.
    case probeTimeout(seconds: Double)

    public var description: String {
        switch self {
        case .queueFull(let limit):
            "write queue full: \(limit) writes already queued (maxQueueSize); retry later or raise maxQueueSize"
        case .shutDown: "the database coordinator has shut down"
        case .connectionTimeout(let s): "no database connection became free within \(s) s (connectionTimeout)"
        case .lockTimeout(let path, let waited):
            "could not lock \(path) within \(String(format: "%.1f", waited)) s: another process holds it"
        case .invalidConfig(let field, let reason): "invalid ConnectionConfig.\(field): \(reason)"
        case .invalidBulkInsert(let reason): "invalid bulk insert: \(reason)"
        case .probeTimeout(let s): "health probe did not answer within \(s) s"
        }
    }
}
