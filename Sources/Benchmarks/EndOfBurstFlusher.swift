import Foundation

/// Calls a coordinator's `flush()` every few milliseconds once a burst of writes has ended,
/// until stopped: the end of a collector's cycle.
///
/// Under the timer policy a single `flush()` right after the last write is *issued* is not
/// enough: a write issued in a child task may reach the queue only after that flush, and would
/// then wait the whole `writeBatchTimeout` (seen as 2 s stalls at the end of `storm` runs).
/// Under group commit the flushes find nothing waiting and return at once.
/// ```swift
/// let flusher = EndOfBurstFlusher(when: { allIssued() }) { try await coordinator.flush() }
/// defer { flusher.stop() }
/// ```
final class EndOfBurstFlusher: Sendable {
    private let task: Task<Void, Never>

    /// Starts polling `ended` every `interval`; once it holds, flushes at that pace.
    init(when ended: @escaping @Sendable () -> Bool, interval: UInt64 = 5_000_000,
         flush: @escaping @Sendable () async throws -> Void) {
        task = Task {
            while !Task.isCancelled {
                if ended() { try? await flush() }
                try? await Task.sleep(nanoseconds: interval)
            }
        }
    }

    /// Stops flushing.
    func stop() { task.cancel() }
}

/// A counter shared by tasks.
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() { lock.withLock { value += 1 } }

    var current: Int { lock.withLock { value } }
}
