import Foundation

/// The migration guide's `db_performance_monitor`: samples a coordinator's stats and health
/// every `interval` seconds and reports queue growth and failed health checks.
///
/// ```swift
/// let monitor = DatabaseMonitor(coordinator: db, interval: 30)
/// for await sample in monitor.samples() {
///     print(sample.level, sample.stats.writeQueueSize)
/// }
/// ```
public struct DatabaseMonitor: Sendable {
    /// How serious a sample is.
    public enum Level: String, Sendable, Codable, Comparable {
        case ok, warning, critical, error
        private var rank: Int { [.ok: 0, .warning: 1, .critical: 2, .error: 3][self]! }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// One observation.
    public struct Sample: Sendable, Codable {
        public var time: Date
        public var level: Level
        public var healthy: Bool
        public var messages: [String]
        public var stats: CoordinatorStats
    }

    public let coordinator: any DatabaseCoordinating
    public let interval: Double
    public let warnQueue: Int
    public let criticalQueue: Int

    /// A monitor with the guide's thresholds (warn at 5,000 queued writes, critical at 8,000).
    public init(coordinator: any DatabaseCoordinating, interval: Double = 30, warnQueue: Int = 5_000, criticalQueue: Int = 8_000) {
        self.coordinator = coordinator
        self.interval = interval
        self.warnQueue = warnQueue
        self.criticalQueue = criticalQueue
    }

    /// Takes one sample now.
    public func sample() async -> Sample {
        let healthy = await coordinator.isHealthy()
        let stats = await coordinator.stats()
        var level = Level.ok
        var messages: [String] = []
        if stats.writeQueueSize > criticalQueue {
            level = .critical
            messages.append("write queue approaching capacity: \(stats.writeQueueSize) > \(criticalQueue)")
        } else if stats.writeQueueSize > warnQueue {
            level = .warning
            messages.append("write queue growing large: \(stats.writeQueueSize) > \(warnQueue); may need tuning")
        }
        if !healthy {
            level = .error
            messages.append("database health check failed (status \(stats.status.rawValue))")
        }
        return Sample(time: Date(), level: level, healthy: healthy, messages: messages, stats: stats)
    }

    /// Samples every `interval` seconds until the consuming task is cancelled (or `limit` samples).
    public func samples(limit: Int? = nil) -> AsyncStream<Sample> {
        AsyncStream { continuation in
            let task = Task {
                var taken = 0
                while !Task.isCancelled, limit.map({ taken < $0 }) ?? true {
                    continuation.yield(await sample())
                    taken += 1
                    if limit.map({ taken >= $0 }) ?? false { break }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
