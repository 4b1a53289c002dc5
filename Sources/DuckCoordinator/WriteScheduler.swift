import DuckDBKit
import Foundation

/// The single writer: a thread that owns the writer connection and runs queued writes in
/// prioritised batches, one transaction each.
///
/// A batch is flushed when the waiting writes hold `writeBatchSize` rows (a bulk insert counts
/// its rows), when the oldest has waited
/// `writeBatchTimeout`, at once when a CRITICAL write arrives, on `flush()`, and on shutdown.
/// Immediate writes and transactions run between batches, in arrival order.
final class WriteScheduler: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue = WriteQueue()
    private var exclusive: [(Connection) -> Void] = []
    private var exclusiveHead = 0
    private var flushWaiters: [(target: UInt64, resume: () -> Void)] = []
    private var inFlightMinimum: UInt64?
    private var nextSequence: UInt64 = 1
    private var accepting = true
    private var finished = false
    private(set) var highWater = 0
    private let config: ConnectionConfig
    private let connection: Connection
    private let executor: BatchExecutor
    private let stats: StatsCollector
    private let done = DispatchSemaphore(value: 0)

    init(connection: Connection, config: ConnectionConfig, stats: StatsCollector) {
        self.connection = connection
        self.config = config
        self.stats = stats
        self.executor = BatchExecutor(connection: connection)
        let thread = Thread { [self] in loop() }
        thread.name = "duck-writer"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Writes waiting to run.
    var queueSize: Int { condition.withLock { queue.count } }

    var isStopped: Bool { condition.withLock { finished } }

    /// Queues a write; returns rows changed after the batch holding it committed.
    func submit(_ work: WriteOperation.Work, priority: OperationPriority) async throws -> Int {
        let started = monotonicNanos()
        let operation = WriteOperation(work: work, priority: priority)
        do {
            let changed = try await withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Int, Error>) in
                    let refusal: Error? = condition.withLock {
                        if operation.state == .cancelled { return CancellationError() }
                        guard accepting else { return CoordinatorError.shutDown }
                        guard queue.count < config.maxQueueSize else {
                            return CoordinatorError.queueFull(limit: config.maxQueueSize)
                        }
                        operation.completion = { continuation.resume(with: $0) }
                        operation.sequence = nextSequence
                        nextSequence += 1
                        operation.enqueuedAt = started
                        operation.state = .queued
                        let wasEmpty = queue.count == 0
                        queue.push(operation)
                        highWater = max(highWater, queue.count)
                        if wasEmpty || priority == .critical || queue.rows >= config.writeBatchSize {
                            condition.signal()
                        }
                        return nil
                    }
                    if let refusal { continuation.resume(throwing: refusal) }
                }
            } onCancel: {
                cancel(operation)
            }
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: false)
            return changed
        } catch {
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: true)
            throw error
        }
    }

    private func cancel(_ operation: WriteOperation) {
        let completion: ((Result<Int, Error>) -> Void)? = condition.withLock {
            switch operation.state {
            case .new:
                operation.state = .cancelled
                return nil
            case .queued:
                queue.remove(operation)
                defer { operation.completion = nil }
                return operation.completion
            case .taken, .cancelled:
                return nil
            }
        }
        completion?(.failure(CancellationError()))
    }

    /// Runs `body` on the writer connection between batches.
    func exclusive<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
            let refused: Bool = condition.withLock {
                guard accepting else { return true }
                exclusive.append { connection in continuation.resume(with: Result { try body(connection) }) }
                condition.signal()
                return false
            }
            if refused { continuation.resume(throwing: CoordinatorError.shutDown) }
        }
    }

    /// Returns once every write queued before the call has committed or failed.
    func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready: Bool = condition.withLock {
                let target = nextSequence - 1
                if pendingMinimum().map({ $0 > target }) ?? true { return true }
                flushWaiters.append((target, { continuation.resume() }))
                condition.signal()
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Stops intake, runs everything queued, closes the writer; returns when done.
    func shutdown() async {
        condition.withLock {
            accepting = false
            condition.signal()
        }
        let done = self.done
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                done.wait()
                done.signal()  // later shutdown calls return at once
                continuation.resume()
            }
        }
    }

    /// Smallest sequence not yet committed (queued or running). Lock held.
    private func pendingMinimum() -> UInt64? {
        let queued = queue.minimumSequence()
        switch (queued, inFlightMinimum) {
        case (nil, nil): return nil
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (let a?, let b?): return min(a, b)
        }
    }

    /// Flush waiters whose writes are all done. Lock held.
    private func satisfiedFlushWaiters() -> [() -> Void] {
        guard !flushWaiters.isEmpty else { return [] }
        let minimum = pendingMinimum()
        var ready: [() -> Void] = []
        flushWaiters.removeAll { waiter in
            if minimum.map({ $0 > waiter.target }) ?? true {
                ready.append(waiter.resume)
                return true
            }
            return false
        }
        return ready
    }

    private func loop() {
        let timeoutNanos = UInt64(config.writeBatchTimeout * 1_000_000_000)
        let agingNanos = UInt64(config.agingInterval * 1_000_000_000)
        condition.lock()
        while true {
            if exclusiveHead < exclusive.count {
                let job = exclusive[exclusiveHead]
                exclusiveHead += 1
                if exclusiveHead == exclusive.count {
                    exclusive.removeAll(keepingCapacity: true)
                    exclusiveHead = 0
                }
                condition.unlock()
                job(connection)
                condition.lock()
                continue
            }
            if queue.count == 0 {
                let ready = satisfiedFlushWaiters()
                if !ready.isEmpty {
                    condition.unlock()
                    ready.forEach { $0() }
                    condition.lock()
                    continue
                }
                if !accepting { break }
                condition.wait()
                continue
            }
            let now = monotonicNanos()
            let oldest = queue.oldestEnqueueTime() ?? now
            let waited = now >= oldest ? now - oldest : 0
            let due = queue.rows >= config.writeBatchSize || queue.criticalCount > 0 || !flushWaiters.isEmpty
                || !accepting || waited >= timeoutNanos
            if !due {
                let remaining = Double(timeoutNanos - waited) / 1_000_000_000
                _ = condition.wait(until: Date(timeIntervalSinceNow: remaining))
                continue
            }
            let batch = queue.take(limit: config.writeBatchSize, now: now, agingNanos: agingNanos)
            inFlightMinimum = batch.map(\.sequence).min()
            condition.unlock()

            let outcome = executor.execute(batch)
            stats.recordBatch(rows: outcome.rowsWritten, coalesced: outcome.coalescedRows)
            var completions: [((Result<Int, Error>) -> Void, Result<Int, Error>)] = []
            completions.reserveCapacity(batch.count)

            condition.lock()
            inFlightMinimum = nil
            for (operation, result) in zip(batch, outcome.results) {
                if let completion = operation.completion { completions.append((completion, result)) }
                operation.completion = nil
            }
            let ready = satisfiedFlushWaiters()
            condition.unlock()
            for (completion, result) in completions { completion(result) }
            ready.forEach { $0() }
            condition.lock()
        }
        finished = true
        condition.unlock()
        executor.close()
        connection.close()
        done.signal()
    }
}
