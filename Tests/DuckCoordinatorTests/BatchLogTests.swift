@testable import DuckCoordinator
import Logging
import Synchronization
import Testing

/// What the writer says about its batches, read through a capturing log handler: a debug line
/// per batch, a warning for a slow one, and queue-growth warnings at a quarter of the limit and
/// each doubling after, again once the queue has drained.
@Suite struct BatchLogTests {
    final class Captured: Sendable {
        let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
        var all: [(Logger.Level, String, Logger.Metadata)] { lines.withLock { $0 } }
        func clear() { lines.withLock { $0 = [] } }
    }

    struct Handler: LogHandler {
        let captured: Captured
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            captured.lines.withLock { $0.append((event.level, event.message.description, event.metadata ?? [:])) }
        }
    }

    static func outcome(rows: Int, failed: Int = 0) -> BatchExecutor.Outcome {
        let results: [Result<Int, Error>] = Array(repeating: .success(1), count: rows)
            + Array(repeating: .failure(CoordinatorError.shutDown), count: failed)
        return BatchExecutor.Outcome(results: results, rowsWritten: rows, coalescedRows: 0)
    }

    @Test func levelsSayWhatHappened() {
        let captured = Captured()
        var log = BatchLog(maxQueueSize: 100, logger: Logger(label: "test") { _ in Handler(captured: captured) })

        log.finished(writes: 3, outcome: Self.outcome(rows: 2, failed: 1), milliseconds: 12.34, queued: 0)
        let batch = captured.all
        #expect(batch.count == 1)
        #expect(batch.first?.0 == .debug && batch.first?.1 == "batch committed")
        #expect(batch.first?.2["rows"] == "2" && batch.first?.2["failed"] == "1" && batch.first?.2["duration_ms"] == "12.3")
        #expect(batch.first?.2["operation"] == "batch")

        captured.clear()
        log.finished(writes: 1, outcome: Self.outcome(rows: 1), milliseconds: 812, queued: 0)
        #expect(captured.all.map(\.0) == [.warning])
        #expect(captured.all.map(\.1) == ["slow batch"])

        // Queue growth: warn at 25 (a quarter of 100), then only when it has doubled since.
        var warnedAt: [Int] = []
        for queued in [10, 30, 40, 59, 60, 80, 10, 26] {
            captured.clear()
            log.finished(writes: 1, outcome: Self.outcome(rows: 1), milliseconds: 1, queued: queued)
            if captured.all.contains(where: { $0.0 == .warning && $0.1 == "write queue growing" }) { warnedAt.append(queued) }
        }
        #expect(warnedAt == [30, 60, 26])
    }
}
