import DuckCoordinator
import Foundation
import Prometheus
import Synchronization

/// Copies a coordinator's ``CoordinatorStats`` (and the extras a command supplies) into the
/// Prometheus registry when `/metrics` is scraped, so the exported gauges and totals are the
/// numbers `stats()` gives at that moment — the write path pays nothing for them.
///
/// Gauges: `sharp_write_queue_size`, `sharp_write_queue_high_water`, `sharp_reader_pool_waiters`,
/// `sharp_coordinator_healthy` (1 healthy, 0.5 degraded, 0 stopped), `sharp_uptime_seconds`,
/// `sharp_source_staleness_seconds{source}`. Counters: `sharp_rows_written_total`,
/// `sharp_reads_total`, `sharp_writes_total`, `sharp_batches_total`, `sharp_failures_total`.
///
/// ```swift
/// let sampler = StatsSampler(coordinator: db, registry: SharpMetrics.bootstrap())
/// let stats = await sampler.sample()     // registry now holds these numbers
/// ```
/// Contract: after `sample()` returns `stats`, every gauge and counter above equals the matching
/// field of `stats` (counters move by the difference since the previous sample).
public final class StatsSampler: Sendable {
    public let coordinator: any DatabaseCoordinating
    private let registry: PrometheusCollectorRegistry
    private let freshness: (@Sendable () async -> [(source: String, seconds: Double)])?
    private let queueSize, highWater, waiters, healthy, uptime: Gauge
    private let rows, reads, writes, batches, failures: Counter
    private let last = Mutex([Int](repeating: 0, count: 5))

    /// Reads waiting for a reader connection, when the coordinator can tell (else 0).
    public var readerPoolWaiters: Int { (coordinator as? any ReaderPoolReporting)?.readerPoolWaiters ?? 0 }

    /// Samples `coordinator`; `freshness` (when given) supplies each source's staleness.
    public init(coordinator: any DatabaseCoordinating, registry: PrometheusCollectorRegistry = SharpMetrics.registry,
                freshness: (@Sendable () async -> [(source: String, seconds: Double)])? = nil) {
        self.coordinator = coordinator
        self.registry = registry
        self.freshness = freshness
        queueSize = registry.makeGauge(descriptor: Self.name("write_queue_size", "Writes waiting for the writer."))
        highWater = registry.makeGauge(descriptor: Self.name("write_queue_high_water", "Most writes ever waiting at once."))
        waiters = registry.makeGauge(descriptor: Self.name("reader_pool_waiters", "Reads waiting for a reader connection."))
        healthy = registry.makeGauge(descriptor: Self.name("coordinator_healthy", "1 healthy, 0.5 degraded, 0 stopped."))
        uptime = registry.makeGauge(descriptor: Self.name("uptime_seconds", "Seconds since the coordinator opened."))
        rows = registry.makeCounter(descriptor: Self.name("rows_written_total", "Rows committed by the writer."))
        reads = registry.makeCounter(descriptor: Self.name("reads_total", "Reads run."))
        writes = registry.makeCounter(descriptor: Self.name("writes_total", "Writes, bulk inserts and transactions run."))
        batches = registry.makeCounter(descriptor: Self.name("batches_total", "Batches committed."))
        failures = registry.makeCounter(descriptor: Self.name("failures_total", "Failed reads and writes."))
    }

    /// `sharp_<name>` with its help text.
    private static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "sharp", metricName: name, unitName: "", helpText: help)
    }

    /// Takes the coordinator's stats (and sources' staleness) into the registry; returns them.
    @discardableResult
    public func sample() async -> CoordinatorStats {
        let stats = await coordinator.stats()
        queueSize.set(Int64(stats.writeQueueSize))
        highWater.set(Int64(stats.writeQueueHighWater))
        waiters.set(Int64(readerPoolWaiters))
        healthy.set(stats.status == .healthy ? 1 : stats.status == .degraded ? 0.5 : 0)
        uptime.set(stats.uptimeSeconds)
        let now = [stats.rowsWritten, stats.readsTotal, stats.writesTotal, stats.batchesTotal, stats.failuresTotal]
        let deltas: [Int] = last.withLock { last in
            defer { last = now }
            return zip(now, last).map { max(0, $0 - $1) }
        }
        for (counter, delta) in zip([rows, reads, writes, batches, failures], deltas) where delta > 0 {
            counter.increment(by: Int64(delta))
        }
        if let freshness {
            for source in await freshness() {
                registry.makeGauge(descriptor: Self.name("source_staleness_seconds", "Seconds since the source's newest stored capture."),
                                   labels: [("source", source.source)]).set(source.seconds)
            }
        }
        return stats
    }
}
