import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Long analytic queries on every reader do not hold CRITICAL writes back: the writes commit
/// while the queries are still inside DuckDB (the writer has its own connection and thread),
/// and the stuck queries can then be cancelled, which interrupts them.
@Suite struct SlowReaderTests {
    @Test func criticalWritesCommitWhileEveryReaderIsStuckAndTheStuckQueriesCancel() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 2
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("CREATE TABLE alerts (id INTEGER)")
        // Each reader reads a pipe (so the test knows the query is inside DuckDB), then grinds
        // through a join that would run for hours.
        let gates = (0..<2).map { FifoGate(in: folder, name: "reader\($0)") }
        let slow = gates.map { gate in
            Task {
                try await db.read("""
                    SELECT count(*) FROM read_csv('\(gate.path)', columns = {'x': 'INTEGER'}, header = false) a,
                           range(20000000000) b WHERE a.x + b.range = -1
                    """, [])
            }
        }
        for gate in gates { #expect(await gate.entered()) }
        for gate in gates { gate.release(lines: 1) }
        for i in 0..<20 {
            #expect(try await db.write("INSERT INTO alerts VALUES (?)", [.int(Int64(i))], priority: .critical) == 1)
        }
        _ = try await db.bulkInsert(into: "alerts", columns: ["id"], rows: (20..<120).map { [.int(Int64($0))] }, priority: .critical)
        // All 120 rows committed, and the slow queries are still running.
        #expect(slow.allSatisfy { !$0.isCancelled })
        #expect(await db.stats().readsTotal == 0)  // no read has finished yet
        for task in slow { task.cancel() }
        for task in slow {
            await #expect { _ = try await task.value } throws: { ($0 as? DuckDBError)?.kind == .interrupted }
        }
        #expect(try await db.count("alerts") == 120)
        await db.shutdown()
    }
}
