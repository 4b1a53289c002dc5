import Logging

/// What the writer thread says about its batches: one debug line per batch, a warning for a
/// slow batch, and a warning each time the queue doubles past a quarter of `maxQueueSize`
/// (again once it has drained below that). Writer-thread state only: no lock, no cost per write.
struct BatchLog {
    /// A batch taking longer than this is logged as a warning.
    static let slowBatchMilliseconds = 500.0

    let maxQueueSize: Int
    let logger: Logger
    private var warnedQueue = 0

    init(maxQueueSize: Int, logger: Logger = coordinatorLog) {
        self.maxQueueSize = maxQueueSize
        self.logger = logger
    }

    mutating func finished(writes: Int, outcome: BatchExecutor.Outcome, milliseconds: Double, queued: Int) {
        let failed = outcome.results.reduce(0) { count, result in
            if case .failure = result { return count + 1 }
            return count
        }
        let metadata: Logger.Metadata = [
            "operation": "batch", "writes": "\(writes)", "rows": "\(outcome.rowsWritten)",
            "coalesced_rows": "\(outcome.coalescedRows)", "failed": "\(failed)",
            "duration_ms": "\(rounded(milliseconds))", "queued": "\(queued)",
        ]
        if milliseconds >= Self.slowBatchMilliseconds {
            logger.warning("slow batch", metadata: metadata)
        } else {
            logger.debug("batch committed", metadata: metadata)
        }
        let threshold = max(1, maxQueueSize / 4)
        if queued >= threshold, queued >= warnedQueue * 2 {
            warnedQueue = queued
            logger.warning("write queue growing", metadata: [
                "operation": "queue", "queued": "\(queued)", "max_queue_size": "\(maxQueueSize)",
            ])
        } else if queued < threshold {
            warnedQueue = 0
        }
    }
}

/// Rounded to a tenth of a millisecond for log lines.
func rounded(_ milliseconds: Double) -> Double { (milliseconds * 10).rounded() / 10 }

/// Legacy mode's warning for a long wait for the lock file.
enum LegacyLockLog {
    /// A wait at least this long is logged as a warning.
    static let slowWaitSeconds = 1.0

    static func slowWait(path: String, seconds: Double, isWrite: Bool) {
        coordinatorLog.warning("waited for the legacy lock", metadata: [
            "operation": isWrite ? "write" : "read", "lock": "\(path)",
            "duration_ms": "\(rounded(seconds * 1_000))",
        ])
    }
}
