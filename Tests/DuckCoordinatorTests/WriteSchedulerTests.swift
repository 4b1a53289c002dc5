import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

@Suite struct WriteSchedulerTests {
    func open(_ folder: TemporaryFolder, _ config: ConnectionConfig) async throws -> DatabaseCoordinator {
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("""
            CREATE SEQUENCE seq; CREATE TABLE log (tag VARCHAR, n BIGINT DEFAULT nextval('seq'));
            CREATE TABLE k (id INTEGER PRIMARY KEY, v VARCHAR, d DOUBLE DEFAULT 1.5, seen TIMESTAMPTZ)
            """)
        return db
    }

    func queued(_ db: DatabaseCoordinator, _ n: Int) async -> Bool {
        await eventually { await db.stats().writeQueueSize == n }
    }

    @Test func batchFlushesWhenItReachesWriteBatchSize() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig(batch: 3))
        let first = Task { try await db.write("INSERT INTO log (tag) VALUES (?)", ["a"]) }
        let second = Task { try await db.write("INSERT INTO log (tag) VALUES (?)", ["b"]) }
        #expect(await queued(db, 2))
        #expect(try await db.count("log") == 0)  // below the batch size, nothing committed
        #expect(try await db.write("INSERT INTO log (tag) VALUES (?)", ["c"]) == 1)
        _ = try await (first.value, second.value)
        #expect(try await db.count("log") == 3)
        #expect(await db.stats().batchesTotal == 1)
        await db.shutdown()
    }

    /// A bulk insert holding at least `writeBatchSize` rows is a full batch by itself: it
    /// commits at once instead of waiting `writeBatchTimeout` (here an hour) as one small
    /// write would. (Before, the batch size counted operations, and every bulkInsert call of
    /// `sharp bench bulk` waited the full timeout.)
    @Test func bulkInsertOfWriteBatchSizeRowsCommitsWithoutWaitingForTheTimeout() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig(batch: 100))
        let rows: [[DuckDBValue]] = (0..<150).map { [.string("bulk\($0)")] }
        let bulk = Task { try await db.bulkInsert(into: "log", columns: ["tag"], rows: rows) }
        let committed = await eventually { (try? await db.count("log")) == 150 }
        #expect(committed)
        if !committed { try await db.flush() }
        #expect(try await bulk.value == 150)
        await db.shutdown()
    }

    @Test func batchFlushesWhenTheOldestWriteHasWaitedTheTimeout() async throws {
        let folder = try TemporaryFolder()
        var config = manualFlushConfig(batch: 1_000)
        config.writeBatchTimeout = 0.1
        let db = try await open(folder, config)
        #expect(try await db.write("INSERT INTO log (tag) VALUES (?)", ["alone"]) == 1)
        #expect(try await db.count("log") == 1)
        await db.shutdown()
    }

    @Test func criticalWriteFlushesAtOnceTakingQueuedWritesAlong() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        let normal = Task { try await db.write("INSERT INTO log (tag) VALUES (?)", ["normal"]) }
        #expect(await queued(db, 1))
        try await db.write("INSERT INTO log (tag) VALUES (?)", ["critical"], priority: .critical)
        _ = try await normal.value
        let order = try await db.read("SELECT tag FROM log ORDER BY n", []).map { try $0["tag", as: String.self] }
        #expect(order == ["critical", "normal"])
        await db.shutdown()
    }

    @Test func flushCommitsEverythingQueuedBeforeIt() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        let writes = (0..<5).map { i in Task { try await db.write("INSERT INTO log (tag) VALUES (?)", [.string("w\(i)")]) } }
        #expect(await queued(db, 5))
        try await db.flush()
        #expect(try await db.count("log") == 5)
        for write in writes { #expect(try await write.value == 1) }
        try await db.flush()  // nothing queued: returns at once
        await db.shutdown()
    }

    @Test func withinABatchPriorityOrderThenArrivalOrder() async throws {
        let folder = try TemporaryFolder()
        var config = manualFlushConfig()
        config.agingInterval = 3_600  // no ageing while the test queues (a loaded machine is slow)
        let db = try await open(folder, config)
        let plan: [(String, OperationPriority)] = [("low1", .low), ("normal1", .normal), ("high1", .high),
                                                   ("normal2", .normal), ("low2", .low), ("high2", .high)]
        var tasks: [Task<Int, Error>] = []
        for (index, (tag, priority)) in plan.enumerated() {
            tasks.append(Task { try await db.write("INSERT INTO log (tag) VALUES (?)", [.string(tag)], priority: priority) })
            #expect(await queued(db, index + 1))
        }
        try await db.flush()
        for task in tasks { _ = try await task.value }
        let order = try await db.read("SELECT tag FROM log ORDER BY n", []).map { try $0["tag", as: String.self] }
        #expect(order == ["high1", "high2", "normal1", "normal2", "low1", "low2"])
        await db.shutdown()
    }

    /// With batches of one and HIGH writes always waiting, a LOW write still gets through.
    @Test func lowWriteCompletesWhileHighWritesKeepArriving() async throws {
        let folder = try TemporaryFolder()
        var config = manualFlushConfig(batch: 1)
        config.agingInterval = 0.02
        let db = try await open(folder, config)
        let lowDone = Once()
        let producers = (0..<4).map { p in
            Task {
                var written = 0
                while !lowDone.isSet, written < 5_000 {
                    try await db.write("INSERT INTO log (tag) VALUES (?)", [.string("high\(p)")], priority: .high)
                    written += 1
                }
                return written
            }
        }
        try await db.write("INSERT INTO log (tag) VALUES (?)", ["low"], priority: .low)
        lowDone.set()
        var highs = 0
        for producer in producers { highs += try await producer.value }
        #expect(highs < 20_000, "the LOW write waited until the HIGH producers gave up")
        #expect(try await db.read("SELECT count(*) AS n FROM log WHERE tag = 'low'", [])[0]["n", as: Int.self] == 1)
        await db.shutdown()
    }

    @Test func consecutiveInsertsAreCoalescedWithTheSameSemantics() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        try await db.immediateWrite("SET TimeZone = 'America/New_York'")
        let t = DuckDBTimestamp(micros: 1_750_186_800_123_456)
        // Reference row through the ordinary (non-coalesced) path.
        try await db.immediateWrite("INSERT INTO k (id, v, seen) VALUES (?, ?, ?)", [0, "ref", .timestampTZ(t)])
        let writes = (1...100).map { i in
            Task { try await db.write("INSERT INTO k (id, v, seen) VALUES (?, ?, ?)", [.int(Int64(i)), .string("v\(i)"), .timestampTZ(t)]) }
        }
        #expect(await queued(db, 100))
        try await db.flush()
        for write in writes { #expect(try await write.value == 1) }
        let stats = await db.stats()
        #expect(stats.coalescedRows == 100)
        let check = try await db.read("""
            SELECT count(*) AS n, count(DISTINCT seen) AS ats, min(d) AS d, sum(id) AS ids,
                   bool_and(seen = (SELECT seen FROM k WHERE id = 0)) AS same FROM k
            """, [])[0]
        #expect(try check["n", as: Int.self] == 101)
        #expect(try check["ats", as: Int.self] == 1)
        #expect(try check["d", as: Double.self] == 1.5)  // the column default, as INSERT gives
        #expect(try check["ids", as: Int.self] == 5_050)
        #expect(try check["same", as: Bool.self])
        await db.shutdown()
    }

    /// One bad write in a batch fails only its caller; every other write of the batch commits.
    @Test func failuresAreIsolatedWithinABatch() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        try await db.immediateWrite("INSERT INTO k (id, v) VALUES (7, 'existing')")
        let plan: [(String, [DuckDBValue], Bool)] = [
            ("INSERT INTO k (id, v) VALUES (?, ?)", [1, "ok"], true),
            ("INSERT INTO k (id, v) VALUES (?, ?)", [7, "duplicate key"], false),
            ("INSERT INTO k (id, v) VALUES (?, ?)", [2, "ok"], true),
            ("INSERT INTO k (id, v, d) VALUES (?, ?, ?)", [3, "bad type", "not a number"], false),
            ("INSERT INTO log (tag) VALUES (?)", ["ok"], true),
            ("INSERT INTO no_such_table VALUES (?)", [1], false),
            ("UPDATE k SET v = ? WHERE id = 7", ["updated"], true),
            ("INSERT INTO k (id, v) VALUES (?, ?)", [4, "ok"], true),
            ("INSERT INTO k (id, v) VALUES (?, ?)", [4, "duplicate within the batch"], false),
        ]
        var tasks: [Task<Int, Error>] = []
        for (index, (sql, parameters, _)) in plan.enumerated() {
            tasks.append(Task { try await db.write(sql, parameters) })
            #expect(await queued(db, index + 1))
        }
        try await db.flush()
        for (task, (_, _, succeeds)) in zip(tasks, plan) {
            switch await task.result {
            case .success(let changed): #expect(succeeds && changed == 1)
            case .failure(let error): #expect(!succeeds && error is DuckDBError, "\(error)")
            }
        }
        let ids = try await db.read("SELECT id, v FROM k ORDER BY id", []).map { try $0["id", as: Int.self] }
        #expect(ids == [1, 2, 4, 7])
        #expect(try await db.read("SELECT v FROM k WHERE id = 7", [])[0]["v", as: String.self] == "updated")
        #expect(try await db.count("log") == 1)
        #expect(await db.stats().failuresTotal == 4)
        await db.shutdown()
    }

    @Test func fullQueueThrowsAtOnce() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig(batch: 3, queue: 3))
        // Hold the writer so nothing drains.
        let gate = FifoGate(in: folder)
        let holding = Task { try await db.transaction { tx in try tx.query(gate.query).count } }
        #expect(await gate.entered())
        let accepted = (0..<3).map { i in Task { try await db.write("INSERT INTO log (tag) VALUES (?)", [.string("q\(i)")]) } }
        #expect(await queued(db, 3))
        await #expect(throws: CoordinatorError.queueFull(limit: 3)) {
            try await db.write("INSERT INTO log (tag) VALUES (?)", ["overflow"])
        }
        gate.release()
        _ = try await holding.value
        for write in accepted { #expect(try await write.value == 1) }
        #expect(try await db.count("log") == 3)
        #expect(await db.stats().writeQueueHighWater == 3)
        await db.shutdown()
    }

    @Test func cancellingAQueuedWriteRemovesIt() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        let doomed = Task { try await db.write("INSERT INTO log (tag) VALUES (?)", ["cancelled"]) }
        #expect(await queued(db, 1))
        doomed.cancel()
        await #expect(throws: CancellationError.self) { _ = try await doomed.value }
        #expect(await db.stats().writeQueueSize == 0)
        try await db.write("INSERT INTO log (tag) VALUES (?)", ["kept"], priority: .critical)
        #expect(try await db.read("SELECT tag FROM log", []).map { try $0["tag", as: String.self] } == ["kept"])
        await db.shutdown()
    }

    @Test func shutdownCommitsEveryQueuedWrite() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        let writes = (0..<50).map { i in Task { try await db.write("INSERT INTO log (tag) VALUES (?)", [.string("s\(i)")]) } }
        #expect(await queued(db, 50))
        await db.shutdown()
        for write in writes { #expect(try await write.value == 1) }
        // Reopen: all 50 are on disk.
        let again = try DatabaseCoordinator(path: folder.databasePath, mode: .legacy)
        #expect(try await again.count("log") == 50)
        await again.shutdown()
    }
}

/// A flag set once, read from any task.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
