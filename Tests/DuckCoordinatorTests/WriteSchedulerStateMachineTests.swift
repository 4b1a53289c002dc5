@testable import DuckCoordinator
import Testing

/// Every policy rule of the writer, on the pure state machine: the clock is a number the test
/// moves, no DuckDB, no threads, no sleeping.
@Suite struct WriteSchedulerStateMachineTests {
    typealias Machine = WriteSchedulerStateMachine
    static let second: UInt64 = 1_000_000_000

    func machine(_ policy: FlushPolicy = .groupCommit, batchRows: Int = 100, maxQueued: Int = 1_000,
                 delay: UInt64 = 0, aging: UInt64 = 3_600 * second, siblingWait: UInt64 = 0) -> Machine {
        Machine(settings: .init(policy: policy, batchRows: batchRows, maxQueued: maxQueued,
                                delayNanos: delay, agingNanos: aging, siblingWaitNanos: siblingWait))
    }

    func submit(_ m: inout Machine, _ priority: OperationPriority = .normal, rows: Int = 1,
                at now: UInt64 = 0) throws -> (UInt64, Machine.Actions) {
        try m.submit(priority: priority, rows: rows, now: now)
    }

    // MARK: Group commit

    @Test func groupCommitStartsALoneWriteAtOnce() throws {
        var m = machine()
        let (seq, actions) = try submit(&m)
        #expect(actions.start == .batch([seq]))
        #expect(actions.wakeAt == nil)
        #expect(m.queuedCount == 0)
    }

    @Test func groupCommitWritesArrivingDuringACommitFormTheNextBatch() throws {
        var m = machine()
        let (first, _) = try submit(&m, at: 0)
        let arrivals = try (1...5).map { try submit(&m, at: UInt64($0)) }
        for (_, actions) in arrivals { #expect(actions == .none, "the writer is busy: nothing starts") }
        #expect(m.queuedCount == 5)
        let next = m.batchFinished(now: 10)
        #expect(next.start == .batch(arrivals.map(\.0)))
        #expect(!arrivals.map(\.0).contains(first))
        // That batch done, nothing waits: the writer goes idle.
        #expect(m.batchFinished(now: 20) == .none)
        #expect(try submit(&m, at: 30).1.start != nil)
    }

    // MARK: Waiting for a finished batch's callers (sibling wait)

    static let milli: UInt64 = 1_000_000

    @Test func theSiblingWaitIsGroupCommitsDefaultOnly() {
        var config = ConnectionConfig.production
        config.flushPolicy = .groupCommit
        config.commitDelay = 0
        #expect(Machine.Settings(config: config).siblingWaitNanos == Machine.Settings.defaultSiblingWaitNanos)
        config.commitDelay = 0.002
        #expect(Machine.Settings(config: config).siblingWaitNanos == 0, "a fixed commitDelay replaces it")
        config.commitDelay = 0
        config.flushPolicy = .timer
        #expect(Machine.Settings(config: config).siblingWaitNanos == 0)
    }

    @Test func afterABatchOfSeveralWritesTheNextWaitsForItsCallersToComeBack() throws {
        var m = machine(siblingWait: 5 * Self.milli)
        // A batch of 8 writes runs from 0 to 4 ms; 8 others queued meanwhile.
        _ = try submit(&m, at: 0)
        let eight = try (0..<8).map { _ in try submit(&m, at: 0).0 }
        #expect(m.batchFinished(now: 0).start == .batch(eight), "the first lone write had no siblings: no wait")
        let waiting = try (0..<8).map { _ in try submit(&m, at: 1 * Self.milli).0 }
        let end = m.batchFinished(now: 4 * Self.milli)
        #expect(end.start == nil, "8 queued, 16 expected: wait")
        #expect(end.wakeAt == 8 * Self.milli, "as long as the 4 ms batch took, under the 5 ms cap")
        // The eight callers come back; the eighth completes the expected 16 rows.
        var last = Machine.Actions.none
        var back: [UInt64] = []
        for i in 0..<8 {
            let (sequence, actions) = try submit(&m, at: 4 * Self.milli + UInt64(i) * 100_000)
            back.append(sequence)
            if i < 7 { #expect(actions.start == nil) }
            last = actions
        }
        #expect(last.start == .batch(waiting + back), "all sixteen in one commit")
    }

    @Test func theSiblingWaitEndsAtItsDeadline() throws {
        var m = machine(siblingWait: 5 * Self.milli)
        _ = try submit(&m, at: 0)
        let three = try (0..<3).map { _ in try submit(&m, at: 0).0 }
        #expect(m.batchFinished(now: 0).start == .batch(three))
        let idle = m.batchFinished(now: 2 * Self.milli)
        #expect(idle == .none, "nothing queued: nothing to start")
        let (one, arrival) = try submit(&m, at: 2 * Self.milli + 100)
        #expect(arrival.start == nil && arrival.wakeAt == 4 * Self.milli, "waits up to as long as the 2 ms batch took")
        #expect(m.tick(now: 4 * Self.milli).start == .batch([one]))
    }

    @Test func theSiblingWaitIsCappedAndCutShortByCriticalFlushAndAFullBatch() throws {
        var m = machine(batchRows: 4, siblingWait: 1 * Self.milli)
        _ = try submit(&m, at: 0)
        _ = try (0..<2).map { _ in try submit(&m, at: 0) }
        _ = m.batchFinished(now: 0)
        #expect(m.batchFinished(now: 10 * Self.milli) == .none)
        let (_, a) = try submit(&m, at: 10 * Self.milli)
        #expect(a.wakeAt == 11 * Self.milli, "a 10 ms batch waits at most the 1 ms cap")
        let (_, critical) = try submit(&m, .critical, at: 10 * Self.milli)
        #expect(critical.start?.isBatch(count: 2) == true, "CRITICAL does not wait")

        var f = machine(siblingWait: 5 * Self.milli)
        _ = try submit(&f, at: 0)
        _ = try (0..<2).map { _ in try submit(&f, at: 0) }
        _ = f.batchFinished(now: 0)
        _ = f.batchFinished(now: 4 * Self.milli)
        _ = try submit(&f, at: 4 * Self.milli)
        #expect(f.flush(now: 4 * Self.milli).1.start?.isBatch(count: 1) == true, "flush() does not wait")

        var full = machine(batchRows: 3, siblingWait: 5 * Self.milli)
        _ = try submit(&full, at: 0)
        _ = try (0..<3).map { _ in try submit(&full, at: 0) }
        _ = full.batchFinished(now: 0)
        let after = try (0..<3).map { _ in try submit(&full, at: 1) }
        #expect(full.batchFinished(now: 4 * Self.milli).start == .batch(after.map(\.0)), "a full batch does not wait")
    }

    @Test func aLoneWriterNeverWaits() throws {
        var m = machine(siblingWait: 5 * Self.milli)
        for i in 0..<5 {
            let at = UInt64(i) * 10 * Self.milli
            let (sequence, actions) = try submit(&m, at: at)
            #expect(actions.start == .batch([sequence]), "write \(i) starts at once")
            #expect(m.batchFinished(now: at + 2 * Self.milli) == .none)
        }
    }

    @Test func groupCommitCapsABatchAtWriteBatchSizeRows() throws {
        var m = machine(batchRows: 3)
        _ = try submit(&m)  // occupies the writer
        let queued = try (0..<7).map { _ in try submit(&m).0 }
        #expect(m.batchFinished(now: 1).start == .batch(Array(queued[0..<3])))
        #expect(m.batchFinished(now: 2).start == .batch(Array(queued[3..<6])))
        #expect(m.batchFinished(now: 3).start == .batch([queued[6]]))
    }

    @Test func aBulkWriteCountsItsRowsTowardTheCap() throws {
        var m = machine(batchRows: 10)
        _ = try submit(&m)
        let big = try submit(&m, rows: 25).0
        let small = try submit(&m).0
        #expect(m.batchFinished(now: 1).start == .batch([big]), "a bulk write over the cap is a batch by itself")
        #expect(m.batchFinished(now: 2).start == .batch([small]))
    }

    @Test func commitDelayGathersWritesThenStarts() throws {
        var m = machine(delay: 5 * Self.second)
        let (a, first) = try submit(&m, at: 0)
        #expect(first.start == nil)
        #expect(first.wakeAt == 5 * Self.second)
        let (b, _) = try submit(&m, at: 2 * Self.second)
        #expect(m.tick(now: 4 * Self.second).start == nil)
        #expect(m.tick(now: 5 * Self.second).start == .batch([a, b]))
    }

    @Test func commitDelayIsCutShortByACriticalWrite() throws {
        var m = machine(delay: 5 * Self.second)
        let (a, _) = try submit(&m, at: 0)
        let (c, actions) = try submit(&m, .critical, at: 1)
        #expect(actions.start == .batch([c, a]))
    }

    // MARK: Timer policy (the migration guide's)

    @Test func timerWaitsForTheTimeoutThenFlushes() throws {
        var m = machine(.timer, delay: 2 * Self.second)
        let (a, actions) = try submit(&m, at: 0)
        #expect(actions.start == nil)
        #expect(actions.wakeAt == 2 * Self.second)
        let (b, later) = try submit(&m, at: Self.second)
        #expect(later.start == nil)
        #expect(m.tick(now: 2 * Self.second - 1).start == nil)
        #expect(m.tick(now: 2 * Self.second).start == .batch([a, b]))
    }

    @Test func timerFlushesWhenTheBatchIsFull() throws {
        var m = machine(.timer, batchRows: 3, delay: 3_600 * Self.second)
        let (a, _) = try submit(&m)
        let (b, _) = try submit(&m)
        let (c, actions) = try submit(&m)
        #expect(actions.start == .batch([a, b, c]))
    }

    @Test func timerFlushesAtOnceForCriticalTakingQueuedWritesAlong() throws {
        var m = machine(.timer, delay: 3_600 * Self.second)
        let (n, _) = try submit(&m, .normal)
        let (c, actions) = try submit(&m, .critical)
        #expect(actions.start == .batch([c, n]))
    }

    @Test func hugeTimeoutsDoNotOverflowIntoAnImmediateFlush() throws {
        var m = machine(.timer, delay: UInt64.max)
        let (_, actions) = try submit(&m, at: 5 * Self.second)
        #expect(actions.start == nil)
        #expect(actions.wakeAt == UInt64.max)
    }

    // MARK: Order within a batch

    @Test func priorityOrderThenArrivalOrder() throws {
        var m = machine()
        _ = try submit(&m)  // busy
        let plan: [OperationPriority] = [.low, .normal, .high, .normal, .low, .high]
        let seqs = try plan.map { try submit(&m, $0).0 }
        let batch = m.batchFinished(now: 1).start
        #expect(batch == .batch([seqs[2], seqs[5], seqs[1], seqs[3], seqs[0], seqs[4]]))
    }

    @Test func ageingLiftsAWaitingLowWriteAboveNewHighOnes() throws {
        var m = machine(batchRows: 1, aging: Self.second)
        _ = try submit(&m, at: 0)  // busy
        let (low, _) = try submit(&m, .low, at: 0)
        let highs = try (0..<3).map { _ in try submit(&m, .high, at: 3 * Self.second).0 }
        // After 3 s the LOW write is treated as HIGH, and it arrived first.
        #expect(m.batchFinished(now: 3 * Self.second).start == .batch([low]))
        #expect(m.batchFinished(now: 3 * Self.second).start == .batch([highs[0]]))
    }

    @Test func withoutAgeingHighWritesGoFirst() throws {
        var m = machine(batchRows: 1, aging: 3_600 * Self.second)
        _ = try submit(&m, at: 0)
        let (low, _) = try submit(&m, .low, at: 0)
        let (high, _) = try submit(&m, .high, at: 3 * Self.second)
        #expect(m.batchFinished(now: 3 * Self.second).start == .batch([high]))
        #expect(m.batchFinished(now: 3 * Self.second).start == .batch([low]))
    }

    // MARK: Flush

    @Test func flushWithNothingPendingReturnsAtOnce() {
        var m = machine()
        let (waiter, actions) = m.flush(now: 0)
        #expect(waiter == nil)
        #expect(actions == .none)
    }

    @Test func flushMakesTimerWritesDueAndResumesAfterTheirCommit() throws {
        var m = machine(.timer, delay: 3_600 * Self.second)
        let (a, _) = try submit(&m)
        let (waiter, actions) = m.flush(now: 1)
        #expect(waiter != nil)
        #expect(actions.start == .batch([a]))
        let done = m.batchFinished(now: 2)
        #expect(done.resumeFlushes == [waiter!])
    }

    @Test func flushWaitsOnlyForWritesQueuedBeforeIt() throws {
        var m = machine()
        _ = try submit(&m)  // running
        _ = try submit(&m)  // queued
        let (waiter, _) = m.flush(now: 1)
        _ = try submit(&m)  // after the flush: not waited for
        let first = m.batchFinished(now: 2)  // a done; b (and the later write) start
        #expect(first.resumeFlushes.isEmpty)
        #expect(first.start != nil)
        let second = m.batchFinished(now: 3)  // b done
        #expect(second.resumeFlushes == [waiter!])
    }

    // MARK: Limits and cancellation

    @Test func aFullQueueRefusesExactlyTheOverflow() throws {
        var m = machine(maxQueued: 3)
        _ = try submit(&m)  // taken by the writer at once: not queued
        for _ in 0..<3 { _ = try submit(&m) }
        #expect(throws: Machine.Refusal.queueFull(limit: 3)) { try submit(&m) }
        #expect(m.highWater == 3)
        _ = m.batchFinished(now: 1)  // the 3 are taken: room again
        #expect(throws: Never.self) { try submit(&m) }
    }

    @Test func cancellingAWaitingWriteRemovesIt() throws {
        var m = machine()
        _ = try submit(&m)  // busy
        let (a, _) = try submit(&m)
        let (b, _) = try submit(&m)
        #expect(m.cancel(a, now: 1).removed)
        #expect(m.queuedCount == 1)
        #expect(m.batchFinished(now: 2).start == .batch([b]))
    }

    @Test func aWriteAlreadyInABatchCannotBeCancelled() throws {
        var m = machine()
        let (a, _) = try submit(&m)
        #expect(!m.cancel(a, now: 1).removed)
    }

    @Test func cancelledWriteInFrontOfAFlushReleasesIt() throws {
        var m = machine(.timer, delay: 3_600 * Self.second)
        _ = try m.submitExclusive(now: 0)  // holds the writer
        let (a, _) = try submit(&m)
        let (waiter, _) = m.flush(now: 1)
        let (removed, actions) = m.cancel(a, now: 2)
        #expect(removed)
        #expect(actions.resumeFlushes == [waiter!])
    }

    // MARK: Exclusive jobs

    @Test func exclusiveJobsRunBetweenBatchesBeforeWaitingWrites() throws {
        var m = machine()
        _ = try submit(&m)
        let (w, _) = try submit(&m)
        let (x1, first) = try m.submitExclusive(now: 1)
        let (x2, _) = try m.submitExclusive(now: 2)
        #expect(first == .none, "the writer is busy with a's batch")
        #expect(m.batchFinished(now: 3).start == .exclusive(x1))
        #expect(m.exclusiveFinished(now: 4).start == .exclusive(x2))
        #expect(m.exclusiveFinished(now: 5).start == .batch([w]))
    }

    @Test func aCancelledExclusiveJobNeverStarts() throws {
        var m = machine()
        _ = try submit(&m)
        let (x, _) = try m.submitExclusive(now: 1)
        let (w, _) = try submit(&m)
        let first = m.cancelExclusive(x)
        let second = m.cancelExclusive(x)
        #expect(first)
        #expect(!second, "only once")
        #expect(m.batchFinished(now: 2).start == .batch([w]))
    }

    // MARK: Shutdown

    @Test func shutdownRefusesNewWorkDrainsEverythingAcceptedThenCloses() throws {
        var m = machine(.timer, batchRows: 2, delay: 3_600 * Self.second)
        let (x, running) = try m.submitExclusive(now: 0)
        #expect(running.start == .exclusive(x))
        let seqs = try (0..<3).map { _ in try submit(&m).0 }
        #expect(m.shutdown(now: 1) == .none, "the writer is busy")
        #expect(throws: Machine.Refusal.shutDown) { try submit(&m) }
        #expect(throws: Machine.Refusal.shutDown) { try m.submitExclusive(now: 1) }
        // Not due under the timer, but intake has stopped: everything queued goes now.
        #expect(m.exclusiveFinished(now: 2).start == .batch(Array(seqs[0..<2])))
        #expect(m.batchFinished(now: 3).start == .batch([seqs[2]]))
        #expect(!m.isClosed)
        #expect(m.batchFinished(now: 4).start == .close)
        #expect(m.isClosed)
    }

    @Test func shutdownOfAnIdleWriterClosesAtOnce() {
        var m = machine()
        #expect(m.shutdown(now: 0).start == .close)
        #expect(m.shutdown(now: 1) == .none, "a second shutdown does nothing")
    }
}

extension WriteSchedulerStateMachine.Job {
    func isBatch(count: Int) -> Bool {
        if case .batch(let sequences) = self { return sequences.count == count }
        return false
    }
}
