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

/// The memory side of the burst: what the coordinator keeps of a write is its payload (here
/// the append closure, holding a counted object). A refused write must leave nothing behind,
/// an accepted one only until its batch commits; so while the burst waits exactly `limit`
/// payloads are alive (not 500), and after the flush none is.
@Suite struct QueueMemoryBoundTests {
    @Test func refusedWritesKeepNothingAndAcceptedOnesOnlyUntilTheyCommit() async throws {
        let folder = try TemporaryFolder()
        let limit = 50
        var config = ConnectionConfig(readPoolSize: 1, writeBatchSize: 20, writeBatchTimeout: 3_600)
        config.maxQueueSize = limit
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: .optimized, config: config)
        try await db.immediateWrite("CREATE TABLE burst (i BIGINT)")
        let gate = FifoGate(in: folder)
        let holding = Task { try await db.transaction { tx in try tx.query(gate.query).count } }
        #expect(await gate.entered())
        let burst = limit * 10
        let live = RefusalCount(), refusals = RefusalCount()
        let writes = (0..<burst).map { i in
            let payload = CountedPayload(value: i, live: live)
            return Task {
                do {
                    return try await db.bulkAppend(into: "burst", columns: ["i"], rowCount: 1) { appender in
                        try appender.append(payload.value)
                        try appender.endRow()
                    }
                } catch CoordinatorError.queueFull(let l) where l == limit {
                    refusals.add()
                    return -1
                }
            }
        }
        #expect(await eventually { refusals.value == burst - limit && live.value == limit },
                "refused \(refusals.value), payloads alive \(live.value)")
        #expect(await db.stats().writeQueueSize == limit)
        gate.release()
        _ = try await holding.value
        try await db.flush()
        var accepted = 0
        for write in writes where try await write.value == 1 { accepted += 1 }
        #expect(accepted == limit)
        #expect(try await db.count("burst") == limit)
        #expect(await eventually { live.value == 0 }, "payloads still alive after the commit: \(live.value)")
        await db.shutdown()
    }
}

/// A write's payload whose lifetime is counted: +1 when made, -1 when freed.
final class CountedPayload: Sendable {
    let value: Int
    private let live: RefusalCount
    init(value: Int, live: RefusalCount) {
        self.value = value
        self.live = live
        live.add()
    }
    deinit { live.subtract() }
}

/// Refusals counted as they happen, read while the burst is still waiting.
final class RefusalCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    func subtract() { count.withLock { $0 -= 1 } }
    var value: Int { count.withLock { $0 } }
}
