/// The write scheduler's policy as a pure value: events in, actions out, the clock passed in.
///
/// It decides when a batch is due, which writes it takes, when exclusive jobs (immediate writes,
/// transactions) run, when `flush()` callers may go and when the writer closes. It runs nothing:
/// the `WriteScheduler` shell carries its actions out on the writer thread. This is the shape of
/// postgres-nio's `PoolStateMachine`, and it lets every rule be tested without DuckDB or sleeps.
///
/// The writer is either idle, busy (a batch or an exclusive job is running) or closed. Whenever
/// it is idle, the machine starts, in this order: the oldest exclusive job; else a batch, if one
/// is due; else, once shut down with nothing left, the close. A batch is due when
/// - a CRITICAL write waits, the waiting writes hold `batchRows` rows, a `flush()` waits, or
///   intake has stopped (shutdown), or
/// - the oldest waiting write has waited the policy's delay: `commitDelay` under group commit
///   (0 by default: at once), `writeBatchTimeout` under the timer policy.
/// So under group commit a lone write starts a batch the moment it arrives, and writes that arrive
/// while a batch commits form the next one, which starts as soon as that batch finishes.
///
/// One refinement under group commit (PostgreSQL's `commit_siblings` idea): when a batch of two or
/// more writes finishes, its callers are likely to write again at once (clients that await each
/// write). The next batch then waits for them a little: until the queue holds as many rows as that
/// batch plus what was already queued, or as long as that batch took (at most `siblingWaitNanos`),
/// whichever comes first. Without it, N such clients split into two alternating halves, each
/// paying a commit. A lone writer never waits (its batches hold one write), and CRITICAL writes,
/// `flush()`, a full batch and shutdown cut the wait short.
///
/// ```swift
/// var machine = WriteSchedulerStateMachine(settings: .init(config: .production))
/// let (sequence, actions) = try machine.submit(priority: .normal, rows: 1, now: clock)
/// // actions.start == .batch([sequence]): the writer was idle
/// let next = machine.batchFinished(now: clock)  // what to run next, whom to resume
/// ```
struct WriteSchedulerStateMachine {
    /// The knobs of the policy, in nanoseconds.
    struct Settings: Equatable {
        var policy: FlushPolicy
        var batchRows: Int
        var maxQueued: Int
        /// How long the oldest write may wait before its batch is due (policy's delay).
        var delayNanos: UInt64
        var agingNanos: UInt64
        /// Group commit: the longest wait for the callers of a finished batch (0: never wait).
        var siblingWaitNanos: UInt64

        /// The default cap of the wait for a finished batch's callers: 2 ms.
        static let defaultSiblingWaitNanos: UInt64 = 2_000_000

        init(policy: FlushPolicy, batchRows: Int, maxQueued: Int, delayNanos: UInt64, agingNanos: UInt64,
             siblingWaitNanos: UInt64 = 0) {
            self.policy = policy
            self.batchRows = batchRows
            self.maxQueued = maxQueued
            self.delayNanos = delayNanos
            self.agingNanos = agingNanos
            self.siblingWaitNanos = siblingWaitNanos
        }

        init(config: ConnectionConfig) {
            let delay = config.flushPolicy == .timer ? config.writeBatchTimeout : config.commitDelay
            // A fixed commitDelay is the user's own gathering rule; the sibling wait is group
            // commit's default one.
            let siblingWait = config.flushPolicy == .groupCommit && config.commitDelay == 0 ? Self.defaultSiblingWaitNanos : 0
            self.init(policy: config.flushPolicy, batchRows: config.writeBatchSize, maxQueued: config.maxQueueSize,
                      delayNanos: nanoseconds(delay), agingNanos: nanoseconds(config.agingInterval),
                      siblingWaitNanos: siblingWait)
        }
    }

    /// What the writer thread is told to run.
    enum Job: Equatable {
        /// These writes, in this order, as one transaction.
        case batch([UInt64])
        /// The exclusive job with this id.
        case exclusive(UInt64)
        /// Close the writer: intake has stopped and nothing is left.
        case close
    }

    /// The outcome of an event.
    struct Actions: Equatable {
        /// Work for the writer, which was idle.
        var start: Job?
        /// `flush()` callers whose writes are all done.
        var resumeFlushes: [UInt64] = []
        /// The writer is idle with writes waiting that are not due yet: call `tick(now:)` at
        /// this time (monotonic nanoseconds) unless another event comes first.
        var wakeAt: UInt64?

        static let none = Actions()
    }

    /// Why a submission was refused.
    enum Refusal: Error, Equatable {
        case queueFull(limit: Int)
        case shutDown
    }

    private enum Writer: Equatable {
        case idle
        /// Running a batch whose smallest sequence is given, or (nil) an exclusive job.
        case busy(minimumSequence: UInt64?)
        case closed
    }

    let settings: Settings
    private var queue = WriteQueue()
    private var exclusives: [UInt64] = []
    private var exclusiveHead = 0
    private var liveExclusives: Set<UInt64> = []
    private var flushWaiters: [(id: UInt64, target: UInt64)] = []
    private var writer = Writer.idle
    private var nextSequence: UInt64 = 1
    private var nextExclusive: UInt64 = 1
    private var nextFlush: UInt64 = 1
    private var accepting = true
    /// The running batch: when it started, its writes and rows.
    private var runningBatch: (startedAt: UInt64, writes: Int, rows: Int)?
    /// Waiting for a finished batch's callers: until the queue holds `rows` rows or `until`.
    private var siblingWait: (rows: Int, until: UInt64)?

    /// Most writes ever waiting at once.
    private(set) var highWater = 0

    init(settings: Settings) { self.settings = settings }

    /// Writes waiting (not yet taken into a batch).
    var queuedCount: Int { queue.count }

    /// Exclusive jobs waiting.
    var queuedExclusives: Int { liveExclusives.count }

    /// Whether the writer has closed (after shutdown, with everything done).
    var isClosed: Bool { writer == .closed }

    /// Whether intake is open.
    var isAccepting: Bool { accepting }

    // MARK: Events

    /// A write arrives. Returns its sequence number and what to do, or throws why it is refused.
    mutating func submit(priority: OperationPriority, rows: Int, now: UInt64) throws(Refusal) -> (UInt64, Actions) {
        guard accepting else { throw .shutDown }
        guard queue.count < settings.maxQueued else { throw .queueFull(limit: settings.maxQueued) }
        let sequence = nextSequence
        nextSequence += 1
        queue.push(.init(sequence: sequence, priority: priority, enqueuedAt: now, rows: max(rows, 1)))
        highWater = max(highWater, queue.count)
        return (sequence, next(now: now))
    }

    /// An exclusive job (immediate write, transaction) arrives.
    mutating func submitExclusive(now: UInt64) throws(Refusal) -> (UInt64, Actions) {
        guard accepting else { throw .shutDown }
        let id = nextExclusive
        nextExclusive += 1
        exclusives.append(id)
        liveExclusives.insert(id)
        return (id, next(now: now))
    }

    /// A waiting write's caller gave up. Returns whether it was still waiting (and is now gone;
    /// a write already taken into a batch runs on) and the flushes this lets go.
    mutating func cancel(_ sequence: UInt64, now: UInt64) -> (removed: Bool, Actions) {
        guard queue.remove(sequence) else { return (false, .none) }
        var actions = next(now: now)
        actions.resumeFlushes = satisfiedFlushes() + actions.resumeFlushes
        return (true, actions)
    }

    /// A waiting exclusive job's caller gave up; true when it had not started.
    mutating func cancelExclusive(_ id: UInt64) -> Bool {
        liveExclusives.remove(id) != nil
    }

    /// `flush()`: returns the waiter's id, or nil when every earlier write is already done.
    /// Under either policy a waiting flush makes the queued writes due.
    mutating func flush(now: UInt64) -> (waiter: UInt64?, Actions) {
        let target = nextSequence - 1
        if let pending = pendingMinimum(), pending <= target {
            let id = nextFlush
            nextFlush += 1
            flushWaiters.append((id, target))
            return (id, next(now: now))
        }
        return (nil, .none)
    }

    /// The running batch committed (or failed).
    mutating func batchFinished(now: UInt64) -> Actions {
        precondition(writer != .idle && writer != .closed, "batchFinished while no batch runs")
        writer = .idle
        siblingWait = nil
        if let batch = runningBatch, batch.writes >= 2, settings.siblingWaitNanos > 0 {
            let elapsed = now >= batch.startedAt ? now - batch.startedAt : 0
            let wait = min(elapsed, settings.siblingWaitNanos)
            if wait > 0 {
                siblingWait = (rows: min(batch.rows + queue.rows, settings.batchRows), until: now + wait)
            }
        }
        runningBatch = nil
        var actions = next(now: now)
        actions.resumeFlushes = satisfiedFlushes() + actions.resumeFlushes
        return actions
    }

    /// The running exclusive job ended.
    mutating func exclusiveFinished(now: UInt64) -> Actions {
        batchFinished(now: now)
    }

    /// Time passed (the shell's timer fired).
    mutating func tick(now: UInt64) -> Actions {
        next(now: now)
    }

    /// Stop intake; everything accepted still runs, then the writer closes.
    mutating func shutdown(now: UInt64) -> Actions {
        accepting = false
        return next(now: now)
    }

    // MARK: Policy

    /// What an idle writer starts now, or when to look again.
    private mutating func next(now: UInt64) -> Actions {
        guard writer == .idle else { return .none }
        while exclusiveHead < exclusives.count {
            let id = exclusives[exclusiveHead]
            exclusiveHead += 1
            if exclusiveHead == exclusives.count {
                exclusives.removeAll(keepingCapacity: true)
                exclusiveHead = 0
            }
            if liveExclusives.remove(id) != nil {
                writer = .busy(minimumSequence: nil)
                return Actions(start: .exclusive(id))
            }
        }
        if queue.count > 0 {
            let oldest = queue.oldestEnqueueTime() ?? now
            let (sum, overflow) = oldest.addingReportingOverflow(settings.delayNanos)
            let dueAt = overflow ? UInt64.max : sum
            let urgent = queue.criticalCount > 0 || queue.rows >= settings.batchRows || !flushWaiters.isEmpty || !accepting
            guard urgent || now >= dueAt else { return Actions(wakeAt: dueAt) }
            if !urgent, let wait = siblingWait, now < wait.until, queue.rows < wait.rows {
                return Actions(wakeAt: wait.until)
            }
            siblingWait = nil
            let batch = queue.take(limit: settings.batchRows, now: now, agingNanos: settings.agingNanos)
            writer = .busy(minimumSequence: batch.map(\.sequence).min())
            runningBatch = (startedAt: now, writes: batch.count, rows: batch.reduce(0) { $0 + $1.rows })
            return Actions(start: .batch(batch.map(\.sequence)))
        }
        if !accepting {
            writer = .closed
            return Actions(start: .close)
        }
        return .none
    }

    /// Smallest sequence not yet done (waiting or running).
    private mutating func pendingMinimum() -> UInt64? {
        let running: UInt64? = if case .busy(let minimum?) = writer { minimum } else { nil }
        return [queue.minimumSequence(), running].compactMap { $0 }.min()
    }

    private mutating func satisfiedFlushes() -> [UInt64] {
        guard !flushWaiters.isEmpty else { return [] }
        let minimum = pendingMinimum()
        var ready: [UInt64] = []
        flushWaiters.removeAll { waiter in
            guard minimum.map({ $0 > waiter.target }) ?? true else { return false }
            ready.append(waiter.id)
            return true
        }
        return ready
    }
}

/// Seconds to nanoseconds, saturating.
func nanoseconds(_ seconds: Double) -> UInt64 {
    guard seconds > 0 else { return 0 }
    let value = seconds * 1_000_000_000
    return value >= Double(UInt64.max) ? UInt64.max : UInt64(value)
}
