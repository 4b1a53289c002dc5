import Foundation

/// Counters and latency windows shared by the coordinator's threads.
final class StatsCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var reads = 0, writes = 0, batches = 0, rows = 0, failures = 0, coalesced = 0
    private var recentFailures: [UInt64] = []
    private var readLatency = LatencyRecorder()
    private var writeLatency = LatencyRecorder()
    private var lockWait = LatencyRecorder()
    let started = Date()
    /// The same events as swift-metrics (histograms, failures by kind), outside the lock.
    let metrics: CoordinatorMetrics

    init(mode: CoordinatorMode = .optimized) { metrics = CoordinatorMetrics(mode: mode) }

    func recordRead(milliseconds: Double, failed: Bool) {
        lock.withLock {
            reads += 1
            readLatency.record(milliseconds: milliseconds)
            if failed { noteFailure() }
        }
        if !failed { metrics.read(milliseconds: milliseconds) }
    }

    func recordWrite(milliseconds: Double, failed: Bool, priority: OperationPriority = .critical, error: Error? = nil) {
        lock.withLock {
            writes += 1
            if failed { noteFailure() } else { writeLatency.record(milliseconds: milliseconds) }
        }
        if let error { metrics.failure(error) } else if !failed { metrics.write(milliseconds: milliseconds, priority: priority) }
    }

    func recordBatch(rows written: Int, coalesced rowsCoalesced: Int, milliseconds: Double? = nil) {
        lock.withLock {
            batches += 1
            rows += written
            coalesced += rowsCoalesced
        }
        if let milliseconds { metrics.batch(rows: written, milliseconds: milliseconds) }
    }

    func recordLockWait(milliseconds: Double) {
        lock.withLock { lockWait.record(milliseconds: milliseconds) }
        metrics.lockWait(milliseconds: milliseconds)
    }

    /// Must be called with the lock held.
    private func noteFailure() {
        failures += 1
        let now = DispatchTime.now().uptimeNanoseconds
        recentFailures.append(now)
        recentFailures.removeAll { now - $0 > 60_000_000_000 }
    }

    func snapshot(mode: CoordinatorMode, path: String, config: ConnectionConfig, readPoolSize: Int,
                  queueSize: Int, highWater: Int, stopped: Bool) -> CoordinatorStats {
        lock.withLock {
            let now = DispatchTime.now().uptimeNanoseconds
            let recent = recentFailures.filter { now - $0 <= 60_000_000_000 }.count
            let status: CoordinatorStats.Status =
                stopped ? .stopped
                : (recent > 0 || Double(queueSize) > 0.8 * Double(config.maxQueueSize)) ? .degraded : .healthy
            return CoordinatorStats(
                mode: mode, status: status, path: path, readPoolSize: readPoolSize, writeQueueSize: queueSize,
                writeQueueHighWater: highWater, readsTotal: reads, writesTotal: writes, batchesTotal: batches,
                rowsWritten: rows, failuresTotal: failures, coalescedRows: coalesced,
                readLatencyMs: readLatency.summary(), writeLatencyMs: writeLatency.summary(),
                lockWaitMs: lockWait.summary(), uptimeSeconds: Date().timeIntervalSince(started), config: config)
        }
    }
}

/// Monotonic nanoseconds.
@inline(__always)
func monotonicNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Milliseconds since a `monotonicNanos()` reading.
@inline(__always)
func millisecondsSince(_ start: UInt64) -> Double { Double(monotonicNanos() &- start) / 1_000_000 }
