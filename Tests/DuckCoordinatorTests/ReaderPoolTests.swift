import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

@Suite struct ReaderPoolTests {
    /// `readPoolSize` reads run at the same time: each blocks inside DuckDB on its own pipe,
    /// and all of them are inside at once. One more waits for a free connection.
    @Test func poolHasReadPoolSizeConnectionsRunningAtOnce() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 4
        config.connectionTimeout = 3_600  // the fifth read waits as long as the test holds the others
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        let gates = (0..<5).map { FifoGate(in: folder, name: "g\($0)") }
        let reads = gates.map { gate in Task { try await db.read(gate.query, [])[0]["n", as: Int.self] } }
        // The tasks reach the pool in any order: find the four that are inside DuckDB.
        var inside: [Int] = []
        for _ in 0..<2_000 where inside.count < 4 {
            for index in gates.indices where !inside.contains(index) && gates[index].tryEnter() { inside.append(index) }
            if inside.count < 4 { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        #expect(inside.count == 4)
        // The fifth is queued, not running: its pipe has no reader until a connection frees.
        let waiting = try #require(gates.indices.first { !inside.contains($0) })
        #expect(!gates[waiting].tryEnter())
        #expect(await db.stats().readPoolSize == 4)
        gates[inside[0]].release(lines: 3)
        #expect(try await reads[inside[0]].value == 3)
        #expect(await gates[waiting].entered())
        for index in gates.indices where index != inside[0] { gates[index].release(lines: index + 10) }
        for index in gates.indices where index != inside[0] { #expect(try await reads[index].value == index + 10) }
        await db.shutdown()
    }

    @Test func manyMoreReadersThanCoresNeitherDeadlockNorFail() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath, config: .production)
        try await db.immediateWrite("CREATE TABLE t AS SELECT range AS x FROM range(10000)")
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask { try await db.read("SELECT sum(x) + ? AS s FROM t", [.int(Int64(i))])[0]["s"] }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(sums.sorted() == (0..<64).map { 49_995_000 + $0 })
        #expect(await db.stats().readsTotal == 64)
        await db.shutdown()
    }

    /// A read completes while the writer is held inside a long transaction (MVCC), and does not
    /// see the transaction's rows until it commits.
    @Test func readsProceedWhileAWriteRuns() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath, config: .production)
        try await db.immediateWrite("CREATE TABLE t (x INTEGER)")
        let gate = FifoGate(in: folder)
        let writing = Task {
            try await db.transaction { tx in
                try tx.execute("INSERT INTO t VALUES (1)")
                return try tx.execute("INSERT INTO t SELECT x FROM read_csv('\(gate.path)', columns = {'x': 'INTEGER'}, header = false)")
            }
        }
        #expect(await gate.entered())
        #expect(try await db.count("t") == 0)
        gate.release(lines: 2)
        #expect(try await writing.value == 2)
        #expect(try await db.count("t") == 3)
        await db.shutdown()
    }

    @Test func waitingLongerThanConnectionTimeoutThrows() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        config.connectionTimeout = 0.2
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        let gate = FifoGate(in: folder)
        let blocked = Task { try await db.read(gate.query, []) }
        #expect(await gate.entered())
        await #expect(throws: CoordinatorError.connectionTimeout(seconds: 0.2)) { _ = try await db.read("SELECT 1", []) }
        gate.release()
        _ = try await blocked.value
        #expect(try await db.read("SELECT 42 AS x", [])[0]["x", as: Int.self] == 42)
        await db.shutdown()
    }

    @Test func cancellingAWaitingReadRemovesIt() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("CREATE TABLE t (x INTEGER)")
        let gate = FifoGate(in: folder)
        let blocked = Task { try await db.read(gate.query, []) }
        #expect(await gate.entered())
        // Queued behind the blocked read; cancelled before a connection frees.
        let waiting = Task { try await db.read("SELECT count(*) AS n FROM t", []) }
        try await Task.sleep(nanoseconds: 50_000_000)
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        gate.release()
        _ = try await blocked.value
        #expect(await db.stats().readsTotal == 2)  // the blocked read and the cancelled one, which never ran
        await db.shutdown()
    }

    @Test func cancellingARunningReadInterruptsTheQuery() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        // The query first reads a pipe (so the test knows it is running inside DuckDB), then
        // grinds through a very long join.
        let gate = FifoGate(in: folder)
        let long = Task {
            try await db.read("""
                SELECT count(*) FROM read_csv('\(gate.path)', columns = {'x': 'INTEGER'}, header = false) a,
                       range(20000000000) b WHERE a.x + b.range = -1
                """, [])
        }
        #expect(await gate.entered())
        gate.release(lines: 1)
        long.cancel()
        await #expect {
            _ = try await long.value
        } throws: { ($0 as? DuckDBError)?.kind == .interrupted }
        // The connection is usable again.
        #expect(try await db.read("SELECT 7 AS x", [])[0]["x", as: Int.self] == 7)
        await db.shutdown()
    }

    /// A cancelled read is interrupted again and again while it runs (an interrupt that lands
    /// before DuckDB starts a statement is lost), so one can land in the job's own ROLLBACK
    /// (`ReaderConnection.readOnly`'s, after its query was stopped) and the reader would keep
    /// the transaction: every later read on it saw that old snapshot, and every later
    /// `readOnly` failed at BEGIN. The body here stands for that job: it opens a read-only
    /// transaction, reads (which pins the snapshot), is cancelled, and returns with the
    /// transaction still open, as a stopped ROLLBACK leaves it. The order is forced with
    /// semaphores (the cancel lands while the job runs). The pool ends the transaction on the
    /// reader's thread after the job, where no interrupt reaches.
    @Test func aCancelledReadLeavesItsReaderOutsideAnyTransaction() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1  // the next reads get the same reader
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("CREATE TABLE t (x INTEGER)")
        try await db.immediateWrite("INSERT INTO t VALUES (1)")
        let running = DispatchSemaphore(value: 0), cancelled = DispatchSemaphore(value: 0)
        let job = Task {
            try await db.withReader { reader in
                try reader.connection.execute("BEGIN TRANSACTION READ ONLY")
                _ = try reader.connection.query("SELECT count(*) FROM t")
                running.signal()
                cancelled.wait()
                throw CancellationError()  // the ROLLBACK that an interrupt stopped
            }
        }
        await waitOffThePool(running)
        job.cancel()
        cancelled.signal()
        await #expect(throws: CancellationError.self) { _ = try await job.value }
        try await db.immediateWrite("INSERT INTO t VALUES (2)")
        // Without the reset: 1 (the open transaction's snapshot), then "cannot start a
        // transaction within a transaction".
        #expect(try await db.read("SELECT count(*) AS n FROM t", [])[0]["n", as: Int.self] == 2)
        let inReadOnly = try await db.read("SELECT count(*) AS n FROM t", [], readOnly: true)
        #expect(try inReadOnly[0]["n", as: Int.self] == 2)
        await db.shutdown()
    }

    /// The coordinator's threads carry their names for the operating system (`/proc`, gdb, the
    /// watchdog's stacks, Swift's crash reports), so a report tells them from DuckDB's own
    /// threads, which inherit the name of the thread that opened the database. Before, every
    /// one of them showed Dispatch's `com.apple.root.default-qos`.
    @Test func theCoordinatorsThreadsAreNamedForTheSystem() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("CREATE TABLE t (x INTEGER)")  // the writer thread has run
        _ = try await db.read("SELECT count(*) FROM t", [])  // and the reader's
        let names = threadNamesOfThisProcess()
        #expect(names.contains("duck-writer"))
        #expect(names.contains("duck-reader-0"))
        await db.shutdown()
    }
}
