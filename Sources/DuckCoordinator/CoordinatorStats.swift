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

    /// Stats assembled by a coordinator of another kind (a remote client's own counters).
    public init(mode: CoordinatorMode, status: Status, path: String, readPoolSize: Int = 0, writeQueueSize: Int = 0,
                writeQueueHighWater: Int = 0, readsTotal: Int = 0, writesTotal: Int = 0, batchesTotal: Int = 0,
                rowsWritten: Int = 0, failuresTotal: Int = 0, coalescedRows: Int = 0, readLatencyMs: LatencySummary? = nil,
                writeLatencyMs: LatencySummary? = nil, lockWaitMs: LatencySummary? = nil, uptimeSeconds: Double = 0,
                config: ConnectionConfig = ConnectionConfig()) {
        self.mode = mode
        self.status = status
        self.path = path
        self.readPoolSize = readPoolSize
        self.writeQueueSize = writeQueueSize
        self.writeQueueHighWater = writeQueueHighWater
        self.readsTotal = readsTotal
        self.writesTotal = writesTotal
        self.batchesTotal = batchesTotal
        self.rowsWritten = rowsWritten
        self.failuresTotal = failuresTotal
        self.coalescedRows = coalescedRows
        self.readLatencyMs = readLatencyMs
        self.writeLatencyMs = writeLatencyMs
        self.lockWaitMs = lockWaitMs
        self.uptimeSeconds = uptimeSeconds
        self.config = config
    }

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
