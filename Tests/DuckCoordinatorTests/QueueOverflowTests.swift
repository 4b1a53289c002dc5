import DuckCoordinator
import DuckDBKit
import Foundation
import Synchronization
import Testing

/// A burst of ten times `maxQueueSize` writes while the writer is held: exactly `maxQueueSize`
/// are accepted and land, exactly the rest are refused with `queueFull`, none is lost or doubled.
@Suite struct QueueOverflowTests {
    @Test(arguments: [FlushPolicy.groupCommit, .timer])
    func burstOfTenTimesTheQueueRefusesExactlyTheOverflow(policy: FlushPolicy) async throws {
        let folder = try TemporaryFolder()
        let limit = 50
        var config = ConnectionConfig(readPoolSize: 1, writeBatchSize: 20, writeBatchTimeout: 3_600)
        config.flushPolicy = policy
        config.maxQueueSize = limit
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: .optimized, config: config)
        try await db.immediateWrite("CREATE TABLE burst (i INTEGER)")
        let gate = FifoGate(in: folder)
        let holding = Task { try await db.transaction { tx in try tx.query(gate.query).count } }
        #expect(await gate.entered())
        let burst = limit * 10
        let refusals = RefusalCount()
        let writes = (0..<burst).map { i in
            Task {
                do {
                    return try await db.write("INSERT INTO burst (i) VALUES (?)", [.int(Int64(i))], priority: .normal)
                } catch CoordinatorError.queueFull(let l) where l == limit {
                    refusals.add()
                    return -1
                }
            }
        }
        // Every write is either queued or refused before the writer is let go.
        #expect(await eventually { await db.stats().writeQueueSize == limit && refusals.value == burst - limit })
        gate.release()
        _ = try await holding.value
        try await db.flush()  // the timer policy would wait writeBatchTimeout for the last partial batch
        var accepted: [Int] = []
        for (i, write) in writes.enumerated() where try await write.value == 1 { accepted.append(i) }
        #expect(accepted.count == limit)
        #expect(refusals.value == burst - limit)
        let stored = try await db.read("SELECT i FROM burst ORDER BY i", []).map { try $0["i", as: Int.self] }
        #expect(stored == accepted)
        #expect(await db.stats().writeQueueHighWater == limit)
        await db.shutdown()
    }
}

/// Refusals counted as they happen, read while the burst is still waiting.
final class RefusalCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
