import DuckDBKit

/// Tuning knobs of a `DatabaseCoordinator`, with the migration guide's presets.
///
/// Writes commit by group commit (``FlushPolicy/groupCommit``) unless `flushPolicy` is `.timer`;
/// the presets' `writeBatchTimeout` is the timer policy's, and under group commit their
/// `writeBatchSize` caps how many rows one commit takes.
///
/// ```swift
/// var config = ConnectionConfig.trading      // 12 readers, at most 100 rows per commit
/// config.flushPolicy = .timer                // or the guide's batches: 100 rows or 1 s
/// config.maxQueueSize = 20_000
/// let coordinator = try DatabaseCoordinator(path: "data/mlb_betting.duckdb", config: config)
/// ```
public struct ConnectionConfig: Sendable, Equatable, Codable {
    /// Reader connections in the pool (optimized mode).
    public var readPoolSize: Int = 8
    /// When waiting writes are committed: group commit (default) or the guide's timer.
    public var flushPolicy: FlushPolicy = .groupCommit
    /// Most rows one batch (one transaction) takes; under `.timer`, a batch holding this many
    /// rows is also committed at once.
    public var writeBatchSize: Int = 500
    /// `.timer` only: a batch is flushed when its oldest write has waited this long (seconds).
    public var writeBatchTimeout: Double = 2.0
    /// `.groupCommit` only: how long an idle writer gathers writes before committing (seconds;
    /// 0, the default, commits at once). A CRITICAL write, a full batch or `flush()` cut it short.
    public var commitDelay: Double = 0
    /// Writes that may wait at once; one more throws `queueFull`.
    public var maxQueueSize: Int = 10_000
    /// Longest wait for a free reader connection (seconds).
    public var connectionTimeout: Double = 30
    /// A waiting write is promoted one priority level per this many seconds (ageing).
    public var agingInterval: Double = 1.0
    /// Legacy mode: longest wait for the lock file, for writes (seconds).
    public var lockTimeout: Double = 30
    /// Legacy mode: longest wait for the lock file, for reads (seconds).
    public var readLockTimeout: Double = 10
    /// Legacy mode: how often the lock is retried while another process holds it (seconds).
    public var lockPollInterval: Double = 0.05
    /// Longest wait for `isHealthy()` probes (seconds).
    public var healthProbeTimeout: Double = 5
    /// DuckDB worker threads (nil: DuckDB's default).
    public var duckdbThreads: Int? = nil
    /// DuckDB memory limit, e.g. "2GB" (nil: DuckDB's default).
    public var memoryLimit: String? = nil
    /// DuckDB's WAL checkpoint threshold, e.g. "16MB" (nil: DuckDB's default).
    public var checkpointThreshold: String? = nil

    /// The production default: 8 readers, batches of 500, 2 s.
    public init() {}

    /// A config with the three knobs the migration guide tunes per service.
    public init(readPoolSize: Int, writeBatchSize: Int, writeBatchTimeout: Double) {
        self.readPoolSize = readPoolSize
        self.writeBatchSize = writeBatchSize
        self.writeBatchTimeout = writeBatchTimeout
    }

    /// Balanced default (8 / 500 / 2.0 s).
    public static let production = ConnectionConfig(readPoolSize: 8, writeBatchSize: 500, writeBatchTimeout: 2.0)
    /// High-frequency, five-minute window (12 / 100 / 1.0 s).
    public static let trading = ConnectionConfig(readPoolSize: 12, writeBatchSize: 100, writeBatchTimeout: 1.0)
    /// Historical analysis (4 / 2000 / 10.0 s).
    public static let analysis = ConnectionConfig(readPoolSize: 4, writeBatchSize: 2000, writeBatchTimeout: 10.0)
    /// The pre-game workflow (8 / 200 / 1.0 s).
    public static let preGameWorkflow = ConnectionConfig(readPoolSize: 8, writeBatchSize: 200, writeBatchTimeout: 1.0)
    /// The data collector (4 / 1000 / 5.0 s).
    public static let dataCollector = ConnectionConfig(readPoolSize: 4, writeBatchSize: 1000, writeBatchTimeout: 5.0)
    /// The sharp monitor (12 / 100 / 0.5 s).
    public static let sharpMonitor = ConnectionConfig(readPoolSize: 12, writeBatchSize: 100, writeBatchTimeout: 0.5)

    /// The presets by name, for command-line flags.
    public static let presets: [String: ConnectionConfig] = [
        "production": .production, "trading": .trading, "analysis": .analysis,
        "pre-game-workflow": .preGameWorkflow, "data-collector": .dataCollector, "sharp-monitor": .sharpMonitor,
    ]

    /// Throws `invalidConfig` naming the first field out of range.
    public func validate() throws {
        func require(_ ok: Bool, _ field: String, _ reason: String) throws {
            if !ok { throw CoordinatorError.invalidConfig(field: field, reason: reason) }
        }
        try require(readPoolSize >= 1, "readPoolSize", "must be at least 1 (got \(readPoolSize))")
        try require(readPoolSize <= 256, "readPoolSize", "must be at most 256 (got \(readPoolSize))")
        try require(writeBatchSize >= 1, "writeBatchSize", "must be at least 1 (got \(writeBatchSize))")
        try require(maxQueueSize >= 1, "maxQueueSize", "must be at least 1 (got \(maxQueueSize))")
        try require(writeBatchSize <= maxQueueSize, "writeBatchSize",
                    "must not exceed maxQueueSize (\(writeBatchSize) > \(maxQueueSize))")
        for (field, value) in [("writeBatchTimeout", writeBatchTimeout), ("connectionTimeout", connectionTimeout),
                               ("agingInterval", agingInterval), ("commitDelay", commitDelay), ("lockTimeout", lockTimeout),
                               ("readLockTimeout", readLockTimeout), ("lockPollInterval", lockPollInterval),
                               ("healthProbeTimeout", healthProbeTimeout)] {
            try require(value.isFinite && value >= 0, field, "must be a finite number of seconds ≥ 0 (got \(value))")
        }
        try require(agingInterval > 0, "agingInterval", "must be > 0 (got \(agingInterval))")
        try require(lockPollInterval > 0, "lockPollInterval", "must be > 0 (got \(lockPollInterval))")
        if let duckdbThreads { try require(duckdbThreads >= 1, "duckdbThreads", "must be at least 1 (got \(duckdbThreads))") }
    }

    enum CodingKeys: String, CodingKey {
        case readPoolSize = "read_pool_size", writeBatchSize = "write_batch_size"
        case flushPolicy = "flush_policy", commitDelay = "commit_delay"
        case writeBatchTimeout = "write_batch_timeout", maxQueueSize = "max_queue_size"
        case connectionTimeout = "connection_timeout", agingInterval = "aging_interval"
        case lockTimeout = "lock_timeout", readLockTimeout = "read_lock_timeout"
        case lockPollInterval = "lock_poll_interval", healthProbeTimeout = "health_probe_timeout"
        case duckdbThreads = "duckdb_threads", memoryLimit = "memory_limit"
        case checkpointThreshold = "checkpoint_threshold"
    }
}

extension ConnectionConfig {
    /// DuckDB options derived from this config.
    var databaseOptions: DatabaseOptions {
        var extra: [String: String] = [:]
        if let checkpointThreshold { extra["checkpoint_threshold"] = checkpointThreshold }
        return DatabaseOptions(threads: duckdbThreads, memoryLimit: memoryLimit, extra: extra)
    }
}
