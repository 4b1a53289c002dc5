import Foundation

/// Concurrent producers that each keep a window of outstanding writes: a producer issues
/// writes without waiting for each to commit, but never has more than `window` in flight
/// (it waits for one to return before issuing the next). This is how a collector or a
/// monitor writes; a producer awaiting each write in turn would keep only one queued.
///
/// Once a producer has issued its last write, `flush` is called every 5 ms until all writes
/// have returned: a producer at the end of its burst flushes while it waits for its writes.
/// (Under the timer policy, without it, once fewer than `writeBatchSize` writes are outstanding,
/// NORMAL writes wait the whole `writeBatchTimeout`, or for the next CRITICAL write.)
/// ```swift
/// let outcome = try await WriteProducers(producers: 32, writesEach: 2_000, window: 16, criticalEvery: 100)
///     .run(write: { row, critical in
///         try await coordinator.write(sql, SplitRow(row).values, priority: critical ? .critical : .normal)
///     }, flush: { try await coordinator.flush() })
/// ```
public struct WriteProducers: Sendable {
    /// Latencies (call → durable return) of all writes and of the CRITICAL ones, and wall time.
    public struct Outcome: Sendable {
        public var all = LatencySamples()
        public var critical = LatencySamples()
        public var seconds = 0.0
    }

    public let producers: Int
    public let writesEach: Int
    public let window: Int
    /// One write in this many is CRITICAL (0: none).
    public let criticalEvery: Int

    public init(producers: Int, writesEach: Int, window: Int, criticalEvery: Int) {
        self.producers = producers
        self.writesEach = writesEach
        self.window = window
        self.criticalEvery = criticalEvery
    }

    /// Whether write `k` of a producer is CRITICAL (1 in `criticalEvery`, spread out).
    func isCritical(_ k: Int) -> Bool { criticalEvery > 0 && k % criticalEvery == criticalEvery / 2 }

    /// Runs every producer; `write(row, critical)` writes split row `row`; `flush` ends the burst.
    public func run(write: @escaping @Sendable (_ row: Int, _ critical: Bool) async throws -> Void,
                    flush: (@Sendable () async throws -> Void)? = nil) async throws -> Outcome {
        let started = DispatchTime.now().uptimeNanoseconds
        let (producers, writesEach, window) = (self.producers, self.writesEach, self.window)
        let issued = SharedCounter()
        let flusher = flush.map { flush in EndOfBurstFlusher(when: { issued.current > 0 }, flush: flush) }
        defer { flusher?.stop() }
        var outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    var mine = Outcome()
                    try await withThrowingTaskGroup(of: (UInt64, Bool).self) { inFlight in
                        var outstanding = 0
                        func record(_ sample: (UInt64, Bool)) {
                            mine.all.record(nanoseconds: sample.0)
                            if sample.1 { mine.critical.record(nanoseconds: sample.0) }
                        }
                        for k in 0..<writesEach {
                            if outstanding == window, let done = try await inFlight.next() {
                                record(done)
                                outstanding -= 1
                            }
                            let critical = isCritical(k)
                            let row = producer * writesEach + k
                            inFlight.addTask {
                                let begun = DispatchTime.now().uptimeNanoseconds
                                try await write(row, critical)
                                return (DispatchTime.now().uptimeNanoseconds - begun, critical)
                            }
                            outstanding += 1
                        }
                        issued.increment()
                        while let done = try await inFlight.next() { record(done) }
                    }
                    return mine
                }
            }
            var total = Outcome()
            for try await part in group {
                total.all.merge(part.all)
                total.critical.merge(part.critical)
            }
            return total
        }
        outcome.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return outcome
    }
}
