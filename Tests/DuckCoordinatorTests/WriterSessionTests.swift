import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

@Suite struct WriterSessionTests {
    @Test(arguments: [CoordinatorMode.optimized, .legacy])
    func heldTransactionCommitsOrRollsBackAsOne(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: mode)
        try await db.immediateWrite("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        let session = try await db.beginWriterSession()
        try await session.execute("BEGIN TRANSACTION")
        try await session.execute("INSERT INTO t VALUES (1)")
        #expect(try await session.query("SELECT count(*) AS n FROM t")[0]["n", as: Int.self] == 1)
        await #expect(throws: DuckDBError.self) { try await session.execute("INSERT INTO t VALUES (1)") }
        await session.release() // the open (failed) transaction is rolled back
        #expect(try await db.read("SELECT count(*) AS n FROM t")[0]["n", as: Int.self] == 0)

        let second = try await db.beginWriterSession()
        try await second.execute("BEGIN TRANSACTION")
        try await second.execute("INSERT INTO t VALUES (2)")
        let queued = Task { try await db.write("INSERT INTO t VALUES (3)") } // waits behind the session
        try await second.execute("COMMIT")
        await second.release()
        _ = try await queued.value
        #expect(try await db.read("SELECT count(*) AS n FROM t")[0]["n", as: Int.self] == 2)
        await #expect(throws: CoordinatorError.self) { try await second.execute("SELECT 1") }
        await db.shutdown()
    }
}
