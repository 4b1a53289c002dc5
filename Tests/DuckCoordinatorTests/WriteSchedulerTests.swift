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

    /// Group commit end to end: with an hour's `writeBatchTimeout` (which group commit does not
    /// use), a lone write returns committed without any flush, and writes queued behind a busy
    /// writer commit together in the next batch. (The policy itself is proven rule by rule in
    /// WriteSchedulerStateMachineTests.)
    @Test func groupCommitCommitsALoneWriteAndGathersWritesBehindABusyWriter() async throws {
        let folder = try TemporaryFolder()
        var config = manualFlushConfig()
        config.flushPolicy = .groupCommit
        let db = try await open(folder, config)
        #expect(try await db.write("INSERT INTO log (tag) VALUES (?)", ["alone"]) == 1)
        #expect(try await db.count("log") == 1)
        let before = await db.stats().batchesTotal
        let gate = FifoGate(in: folder)
        let holding = Task { try await db.transaction { tx in try tx.query(gate.query).count } }
        #expect(await gate.entered())
        let writes = (0..<20).map { i in Task { try await db.write("INSERT INTO log (tag) VALUES (?)", [.string("g\(i)")]) } }
        #expect(await queued(db, 20))
        gate.release()
        _ = try await holding.value
        for write in writes { #expect(try await write.value == 1) }
        #expect(try await db.count("log") == 21)
        #expect(await db.stats().batchesTotal == before + 1, "the 20 queued writes committed as one batch")
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

    /// A batch that is one run of same-shape INSERTs commits through a single appender without
    /// BEGIN/COMMIT; when that appender fails (a duplicate key, found only at its flush),
    /// nothing of it was committed and the run is redone so only the duplicate fails.
    @Test func aFailingAppenderRunIsRedoneSoOnlyTheCulpritFails() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        try await db.immediateWrite("INSERT INTO k (id, v) VALUES (7, 'existing')")
        let ids: [Int64] = [1, 2, 7, 3, 4]
        var tasks: [Task<Int, Error>] = []
        for (index, id) in ids.enumerated() {
            tasks.append(Task { try await db.write("INSERT INTO k (id, v) VALUES (?, ?)", [.int(id), "run"]) })
            #expect(await queued(db, index + 1))
        }
        try await db.flush()
        for (task, id) in zip(tasks, ids) {
            switch await task.result {
            case .success(let changed): #expect(id != 7 && changed == 1)
            case .failure(let error): #expect(id == 7, "\(error)")
            }
        }
        let stored = try await db.read("SELECT id FROM k ORDER BY id", []).map { try $0["id", as: Int.self] }
        #expect(stored == [1, 2, 3, 4, 7])
        #expect(try await db.read("SELECT v FROM k WHERE id = 7", [])[0]["v", as: String.self] == "existing")
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

    /// An immediate write whose caller is cancelled while it waits for the writer never runs.
    @Test func cancellingAQueuedExclusiveJobMeansItNeverRuns() async throws {
        let folder = try TemporaryFolder()
        let db = try await open(folder, manualFlushConfig())
        let gate = FifoGate(in: folder)
        let holding = Task { try await db.transaction { tx in try tx.query(gate.query).count } }
        #expect(await gate.entered())
        let doomed = Task { try await db.immediateWrite("INSERT INTO log (tag) VALUES ('never')") }
        let kept = Task { try await db.transaction { tx in try tx.execute("INSERT INTO log (tag) VALUES ('kept')") } }
        doomed.cancel()
        await #expect(throws: CancellationError.self) { _ = try await doomed.value }
        gate.release()
        _ = try await holding.value
        #expect(try await kept.value == 1)
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

