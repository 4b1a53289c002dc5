import CoreMetrics
import Foundation

/// The coordinator's event metrics, emitted through swift-metrics (a no-op until a process
/// bootstraps a backend, e.g. Prometheus in `sharp … --metrics-port`).
///
/// Handles are made once per coordinator, so recording is one call into the backend, never a
/// lookup. Gauges and totals (queue size, high-water mark, rows written, reader pool waiters)
/// are not here: an exporter samples them from ``DatabaseCoordinator/stats()`` when scraped, so
/// the two always agree and the write path pays nothing for them.
///
/// Names: `sharp_write_latency_seconds{priority,mode}`, `sharp_read_latency_seconds{mode}`,
/// `sharp_batch_rows`, `sharp_batch_duration_seconds`, `sharp_write_failures_total{kind}`,
/// `sharp_legacy_lock_wait_seconds`.
struct CoordinatorMetrics: Sendable {
    private let writeLatency: [CoreMetrics.Timer]
    private let readLatency: CoreMetrics.Timer
    private let batchRows: Recorder
    private let batchDuration: CoreMetrics.Timer
    private let lockWait: CoreMetrics.Timer
    private let mode: String

    init(mode: CoordinatorMode) {
        self.mode = mode.rawValue
        writeLatency = OperationPriority.allCases.map { priority in
            CoreMetrics.Timer(label: "sharp_write_latency_seconds",
                              dimensions: [("priority", priority.description.lowercased()), ("mode", mode.rawValue)],
                              preferredDisplayUnit: .seconds)
        }
        readLatency = CoreMetrics.Timer(label: "sharp_read_latency_seconds", dimensions: [("mode", mode.rawValue)],
                                        preferredDisplayUnit: .seconds)
        batchRows = Recorder(label: "sharp_batch_rows", dimensions: [("mode", mode.rawValue)], aggregate: true)
        batchDuration = CoreMetrics.Timer(label: "sharp_batch_duration_seconds", dimensions: [("mode", mode.rawValue)],
                                          preferredDisplayUnit: .seconds)
        lockWait = CoreMetrics.Timer(label: "sharp_legacy_lock_wait_seconds", preferredDisplayUnit: .seconds)
    }

    func write(milliseconds: Double, priority: OperationPriority) {
        writeLatency[priority.rawValue].recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    func read(milliseconds: Double) {
        readLatency.recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    func batch(rows: Int, milliseconds: Double) {
        batchRows.record(rows)
        batchDuration.recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    func lockWait(milliseconds: Double) {
        lockWait.recordNanoseconds(Int64(milliseconds * 1_000_000))
    }

    /// Failures are rare: the counter is looked up when one happens.
    func failure(_ error: Error) {
        Counter(label: "sharp_write_failures_total", dimensions: [("kind", ErrorKind.of(error)), ("mode", mode)]).increment()
    }
}
