import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

@Suite struct LegacyCoordinatorTests {
    /// Many concurrent writes in one process all succeed even with a short lock timeout and a
    /// long poll interval. (Before, two worker threads polled the same flock: the thread that
    /// had just unlocked re-locked at once while the other slept, until its `lockTimeout` ran
    /// out — `sharp bench storm --modes legacy` failed with "could not lock … within 30 s".)
    @Test func concurrentWritesInOneProcessDoNotStarveOnTheFileLock() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig()
        config.lockTimeout = 1
        config.lockPollInterval = 0.5
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: .legacy, config: config)
        try await db.immediateWrite("CREATE TABLE t (i INTEGER)")
        let failures = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<150 {
                group.addTask { (try? await db.write("INSERT INTO t VALUES (?)", [.int(Int64(i))])) == nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 0)
        #expect(try await db.count("t") == 150)
        await db.shutdown()
    }
}
