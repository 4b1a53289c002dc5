import DuckDBKit
import Foundation

/// The raw baseline of `storm`: what a hand-written program would do with many producers and
/// one DuckDB file — one thread owning a connection drains whatever producers have queued into
/// one appender (one transaction), commits, and wakes those producers. No priorities, no
/// timeout: it commits as fast as it can.
///
/// ```swift
/// let writer = try RawAppenderWriter(connection: connection, table: "storm")
/// try await writer.write(SplitRow(1))
/// await writer.stop()
/// ```
public final class RawAppenderWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(row: SplitRow, continuation: CheckedContinuation<Void, Error>)] = []
    private var stopping = false
    private var stopped: CheckedContinuation<Void, Never>?
    private var finished = false
    private var batchCount = 0
    private let connection: Connection
    private let table: String
    private let maxBatch: Int

    /// Starts the writer thread on `connection` (which it then owns) appending into `table`.
    public init(connection: Connection, table: String, maxBatch: Int = 10_000) {
        self.connection = connection
        self.table = table
        self.maxBatch = maxBatch
        let thread = Thread { [self] in loop() }
        thread.name = "raw-writer"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Queues one row; returns once the transaction holding it has committed.
    public func write(_ row: SplitRow) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let accepted: Bool = condition.withLock {
                guard !stopping else { return false }
                pending.append((row, continuation))
                if pending.count == 1 { condition.signal() }
                return true
            }
            if !accepted { continuation.resume(throwing: BenchmarkError.invalidOption("the raw writer is stopped")) }
        }
    }

    /// Transactions committed so far.
    public var batches: Int { condition.withLock { batchCount } }

    /// Commits what is queued, then ends the thread.
    public func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done: Bool = condition.withLock {
                stopping = true
                condition.signal()
                if finished { return true }
                stopped = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while pending.isEmpty, !stopping { condition.wait() }
            if pending.isEmpty {
                finished = true
                let waiter = stopped
                condition.unlock()
                waiter?.resume()
                return
            }
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            batchCount += 1
            condition.unlock()
            let outcome = Result<Void, Error> {
                let appender = try connection.appender(table: table)
                do {
                    for entry in batch { try entry.row.append(to: appender) }
                    try appender.close()  // autocommit: one transaction for the whole batch
                } catch {
                    try? appender.clear()
                    try? appender.close()
                    throw error
                }
            }
            for entry in batch { entry.continuation.resume(with: outcome) }
        }
    }
}
