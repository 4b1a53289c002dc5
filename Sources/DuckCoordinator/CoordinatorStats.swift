/// A snapshot of a coordinator's state, encoded with the migration guide's key names
/// (`read_pool_size`, `write_queue_size`, `status`, …) so its monitoring code reads it unchanged.
///
/// ```swift
/// let stats = await coordinator.stats()
/// if stats.writeQueueSize > 5_000 { print("write queue growing: \(stats.writeQueueSize)") }
/// print(String(decoding: try JSONEncoder().encode(stats), as: UTF8.self))
/// ```
public struct CoordinatorStats: Sendable, Codable, Equatable {
    /// `healthy`, `degraded` (recent failures or a queue above 80%), or `stopped`.
    public enum Status: String, Sendable, Codable { case healthy, degraded, stopped }

    public var mode: CoordinatorMode
    public var status: Status
    public var path: String
    public var readPoolSize: Int
    public var writeQueueSize: Int
    public var writeQueueHighWater: Int
    public var readsTotal: Int
    public var writesTotal: Int
    public var batchesTotal: Int
    public var rowsWritten: Int
    public var failuresTotal: Int
    /// Rows that went through the appender because consecutive INSERTs were coalesced.
    public var coalescedRows: Int
    public var readLatencyMs: LatencySummary?
    public var writeLatencyMs: LatencySummary?
    /// Legacy mode: time spent waiting for the lock file.
    public var lockWaitMs: LatencySummary?
    public var uptimeSeconds: Double
    public var config: ConnectionConfig

    enum CodingKeys: String, CodingKey {
        case mode, status, path, config
        case readPoolSize = "read_pool_size", writeQueueSize = "write_queue_size"
        case writeQueueHighWater = "write_queue_high_water", readsTotal = "reads_total"
        case writesTotal = "writes_total", batchesTotal = "batches_total", rowsWritten = "rows_written"
        case failuresTotal = "failures_total", coalescedRows = "coalesced_rows"
        case readLatencyMs = "read_latency_ms", writeLatencyMs = "write_latency_ms", lockWaitMs = "lock_wait_ms"
        case uptimeSeconds = "uptime_s"
    }
}
