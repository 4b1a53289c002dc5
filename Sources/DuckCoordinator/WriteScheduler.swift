import DuckDBKit
import Foundation
import Synchronization

/// The single writer: a thread that owns the writer connection and carries out what the
/// ``WriteSchedulerStateMachine`` decides (which batch, which exclusive job, when to close).
///
/// Callers suspend on continuations held here until the writer thread has run their work; a
/// write returns only after the COMMIT of its batch. The policy lives in the state machine, so
/// this type only moves work and results between callers and the thread.
///
/// Lifetime: the thread holds the ``WriterCore``, not this object, so dropping the scheduler
/// without `shutdown()` still drains the queue, closes the connection and ends the thread.
final class WriteScheduler: Sendable {
    private let core: WriterCore

    init(connection: Connection, config: ConnectionConfig, stats: StatsCollector, catalog: CatalogGeneration = CatalogGeneration()) {
        core = WriterCore(connection: connection, settings: .init(config: config), stats: stats, catalog: catalog)
        let core = self.core
        let thread = Thread {
            ThreadName.setCurrent("duck-writer")
            core.run()
        }
        thread.name = "duck-writer"
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { core.requestShutdown() }

    /// Writes waiting to run.
    var queueSize: Int { core.state.withLock { $0.machine.queuedCount } }

    /// Most writes ever waiting at once.
    var highWater: Int { core.state.withLock { $0.machine.highWater } }

    /// Whether intake has stopped.
    var isStopped: Bool { core.state.withLock { !$0.machine.isAccepting } }

    /// Queues a write; returns rows changed after the batch holding it committed. A cancelled
    /// caller's write leaves the queue (once taken into a batch, it runs on).
    func submit(_ work: WriteWork, priority: OperationPriority) async throws -> Int {
        let started = monotonicNanos()
        let ticket = Ticket()
        let core = self.core
        do {
            let changed = try await withTaskCancellationHandler {
                try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Int, Error>) in
                    let refusal = core.enqueue(ticket) { state in
                        let (sequence, actions) = try state.machine.submit(priority: priority, rows: work.rowCount, now: started)
                        state.writes[sequence] = PendingWrite(work: work, continuation: continuation)
                        return (sequence, actions)
                    }
                    if let refusal { continuation.resume(throwing: refusal) }
                }
            } onCancel: {
                core.cancelWrite(ticket)
            }
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: false, priority: priority)
            return changed
        } catch {
            stats.recordWrite(milliseconds: millisecondsSince(started), failed: true, priority: priority, error: error)
            throw error
        }
    }

    private var stats: StatsCollector { core.stats }

    /// Runs `body` on the writer connection between batches, in arrival order. A caller
    /// cancelled while its job waits gets `CancellationError` and the job never runs.
    func exclusive<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        let ticket = Ticket()
        let core = self.core
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, Error>) in
                let refusal = core.enqueue(ticket) { state in
                    let (id, actions) = try state.machine.submitExclusive(now: monotonicNanos())
                    state.exclusives[id] = ExclusiveJob(
                        run: { connection in
                            let result = Result { try body(connection) }
                            core.catalog.advance()  // DDL, transactions and held writers run here
                            continuation.resume(with: result)
                        },
                        fail: { continuation.resume(throwing: $0) })
                    return (id, actions)
                }
                if let refusal { continuation.resume(throwing: refusal) }
            }
        } onCancel: {
            core.cancelExclusive(ticket)
        }
    }

    /// Returns once every write queued before the call has committed or failed.
    func flush() async {
        let core = self.core
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waiting: Bool = core.state.withLock { state in
                let (waiter, actions) = state.machine.flush(now: monotonicNanos())
                guard let waiter else { return false }
                state.flushes[waiter] = continuation
                core.apply(actions, to: &state)
                return true
            }
            if !waiting { continuation.resume() }
        }
    }

    /// Stops intake, runs everything accepted, closes the writer; returns when the thread has
    /// ended. Later calls return at once.
    func shutdown() async {
        let core = self.core
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended: Bool = core.state.withLock { state in
                if state.threadEnded { return true }
                state.stopWaiters.append(continuation)
                core.apply(state.machine.shutdown(now: monotonicNanos()), to: &state)
                return false
            }
            if ended { continuation.resume() }
        }
    }
}

/// Which queued item a caller owns, set once it is queued (read by its cancellation handler).
private final class Ticket: Sendable {
    let id = Mutex<UInt64?>(nil)
}

/// A queued write and whom to tell.
private struct PendingWrite: Sendable {
    let work: WriteWork
    let continuation: UnsafeContinuation<Int, Error>
}

/// A queued exclusive job: run it on the writer connection, or fail it.
private struct ExclusiveJob: Sendable {
    let run: @Sendable (Connection) -> Void
    let fail: @Sendable (Error) -> Void
}

/// The writer thread's side: state shared with callers, and the loop that runs jobs.
private final class WriterCore: Sendable {
    struct State {
        var machine: WriteSchedulerStateMachine
        var writes: [UInt64: PendingWrite] = [:]
        var exclusives: [UInt64: ExclusiveJob] = [:]
        var flushes: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Work handed to the writer thread, taken by it.
        var mailbox: Mail?
        /// When the idle writer should call `tick`.
        var wakeAt: UInt64?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
        var threadEnded = false
    }

    enum Mail {
        case batch([PendingWrite])
        case exclusive(ExclusiveJob)
        case close
    }

    let state: Mutex<State>
    let stats: StatsCollector
    /// Advanced after whatever may have changed the catalog, before its callers are answered.
    let catalog: CatalogGeneration
    private let wake = DispatchSemaphore(value: 0)
    // Touched by the writer thread only.
    private let connection: Connection
    nonisolated(unsafe) private let executor: BatchExecutor
    nonisolated(unsafe) private var batchLog: BatchLog

    init(connection: Connection, settings: WriteSchedulerStateMachine.Settings, stats: StatsCollector, catalog: CatalogGeneration) {
        self.connection = connection
        self.catalog = catalog
        self.executor = BatchExecutor(connection: connection)
        self.stats = stats
        batchLog = BatchLog(maxQueueSize: settings.maxQueued)
        state = Mutex(State(machine: WriteSchedulerStateMachine(settings: settings)))
    }

    /// Carries out the machine's actions. Lock held; continuations of finished flushes are
    /// resumed here too (resuming only schedules their tasks).
    func apply(_ actions: WriteSchedulerStateMachine.Actions, to state: inout State) {
        for id in actions.resumeFlushes { state.flushes.removeValue(forKey: id)?.resume() }
        if let start = actions.start {
            switch start {
            case .batch(let sequences):
                state.mailbox = .batch(sequences.map { state.writes.removeValue(forKey: $0)! })
            case .exclusive(let id):
                state.mailbox = .exclusive(state.exclusives.removeValue(forKey: id)!)
            case .close:
                state.mailbox = .close
            }
            state.wakeAt = nil
            wake.signal()
        } else if let wakeAt = actions.wakeAt, wakeAt != state.wakeAt {
            state.wakeAt = wakeAt
            wake.signal()
        }
    }

    /// Queues one item under the lock: `register` asks the machine and stores the item, and the
    /// caller's ticket gets its id. Returns the error to resume the caller with instead: its
    /// task is already cancelled (its cancellation handler may have run before anything was
    /// queued), or the machine refused.
    fileprivate func enqueue(
        _ ticket: Ticket,
        _ register: (inout State) throws -> (UInt64, WriteSchedulerStateMachine.Actions)
    ) -> Error? {
        state.withLock { state -> Error? in
            if Task.isCancelled { return CancellationError() }
            do {
                let (id, actions) = try register(&state)
                ticket.id.withLock { $0 = id }
                apply(actions, to: &state)
                return nil
            } catch let refusal as WriteSchedulerStateMachine.Refusal {
                return refusal.coordinatorError
            } catch {
                return error
            }
        }
    }

    fileprivate func cancelWrite(_ ticket: Ticket) {
        let continuation: UnsafeContinuation<Int, Error>? = state.withLock { state in
            guard let sequence = ticket.id.withLock({ $0 }) else { return nil }
            let (removed, actions) = state.machine.cancel(sequence, now: monotonicNanos())
            guard removed else { return nil }
            let pending = state.writes.removeValue(forKey: sequence)
            apply(actions, to: &state)
            return pending?.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }

    fileprivate func cancelExclusive(_ ticket: Ticket) {
        let job: ExclusiveJob? = state.withLock { state in
            guard let id = ticket.id.withLock({ $0 }), state.machine.cancelExclusive(id) else { return nil }
            return state.exclusives.removeValue(forKey: id)
        }
        job?.fail(CancellationError())
    }

    /// Stops intake without waiting (the scheduler was dropped).
    func requestShutdown() {
        state.withLock { state in
            guard !state.threadEnded else { return }
            apply(state.machine.shutdown(now: monotonicNanos()), to: &state)
        }
    }

    /// The writer thread.
    func run() {
        while true {
            let (mail, wakeAt) = state.withLock { state in
                defer { state.mailbox = nil }
                return (state.mailbox, state.wakeAt)
            }
            guard let mail else {
                if let wakeAt {
                    if wake.wait(timeout: DispatchTime(uptimeNanoseconds: wakeAt)) == .timedOut {
                        state.withLock { state in
                            state.wakeAt = nil
                            apply(state.machine.tick(now: monotonicNanos()), to: &state)
                        }
                    }
                } else {
                    wake.wait()
                }
                continue
            }
            switch mail {
            case .batch(let writes):
                let batchStarted = monotonicNanos()
                let outcome = executor.execute(writes.map(\.work))
                if writes.contains(where: { $0.work.mayChangeCatalog }) { catalog.advance() }
                let milliseconds = millisecondsSince(batchStarted)
                stats.recordBatch(rows: outcome.rowsWritten, coalesced: outcome.coalescedRows, milliseconds: milliseconds)
                for (write, result) in zip(writes, outcome.results) { write.continuation.resume(with: result) }
                let queued = state.withLock { state in
                    apply(state.machine.batchFinished(now: monotonicNanos()), to: &state)
                    return state.machine.queuedCount
                }
                batchLog.finished(writes: writes.count, outcome: outcome, milliseconds: milliseconds, queued: queued)
            case .exclusive(let job):
                job.run(connection)
                executor.catalogMayHaveChanged()  // DDL and transactions run here
                state.withLock { apply($0.machine.exclusiveFinished(now: monotonicNanos()), to: &$0) }
            case .close:
                executor.close()
                connection.close()
                let waiters = state.withLock { state in
                    state.threadEnded = true
                    defer { state.stopWaiters = [] }
                    return state.stopWaiters
                }
                waiters.forEach { $0.resume() }
                return
            }
        }
    }
}

extension WriteSchedulerStateMachine.Refusal {
    /// The refusal as the coordinator's public error.
    fileprivate var coordinatorError: CoordinatorError {
        switch self {
        case .queueFull(let limit): .queueFull(limit: limit)
        case .shutDown: .shutDown
        }
    }
}
