@testable import Benchmarks
import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// pgbench (PostgreSQL's own client, a separate process) against the real server on loopback in
/// each of its query modes, with the benchmark's own INSERT script (literals mixed with
/// variables, which pgbench sends untyped, or as literal text in simple mode): no failed or
/// aborted transaction, every row present with exactly the values the script computed, and
/// every row appended by the writer's appender rather than planned one by one.
@Suite(.serialized) struct PgbenchServerTests {
    @Test(arguments: Pgbench.Mode.allCases) func insertsLandInEveryMode(_ mode: Pgbench.Mode) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("bench.duckdb").path)
        try await db.immediateWrite(ServerWorkloadSQL.createTable)
        try await db.immediateWrite(ServerWorkloadSQL.load(rows: 100, postgres: false))
        let server = CoordinatorServer(coordinator: db, configuration: ServerConfiguration(
            host: "127.0.0.1", port: 0, unixSocketDirectory: nil, maxConnections: 16))
        let port = try #require(try await server.start().port)
        let clients = 4, each = 60, base = 1_000_000
        let outcome: Pgbench.Outcome
        do {
            outcome = try await Pgbench.run(.init(port: port, user: "sharp", database: "main", mode: mode, clients: clients, seconds: 0,
                                                  transactions: each, scripts: [(Pgbench.insertScript, 1)],
                                                  variables: ["base": String(base), "n": "0", "rows": "100"]), in: folder)
        } catch {
            await server.stop()
            await db.shutdown()
            throw error
        }
        await server.stop()
        #expect(outcome.status == 0 && outcome.failed == 0 && outcome.aborted == 0, "\(outcome.output)")
        #expect(outcome.transactions == clients * each, "\(outcome.output)")
        let landed = try await db.read("""
            SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS low, max(id) AS high,
                   count(*) FILTER (WHERE game_id = 745000 + (id // 54) % 2430 AND source = 'VSIN' AND book = 'circa'
                     AND market = 'moneyline' AND bets_pct = ((id * 7919) % 1001) / 10.0 AND money_pct = ((id * 104729) % 1001) / 10.0
                     AND captured_at = TIMESTAMPTZ '2025-06-17 23:05:00+00') AS exact
            FROM splits WHERE id >= $1
            """, [.int(Int64(base))])[0]
        let n: Int = try landed["n"], ids: Int = try landed["ids"], exact: Int = try landed["exact"]
        let low: Int = try landed["low"], high: Int = try landed["high"]
        #expect(n == clients * each && ids == n, "every transaction one row, each its own id")
        #expect(exact == n, "every value as the script computed it")
        // Client c's n-th row has id base + c × 10^7 + n (pgbench numbers clients from 0).
        #expect(low == base && high == base + (clients - 1) * 10_000_000 + each - 1)
        // Literal, mixed and bound rows alike took the writer's appender, none was planned.
        #expect(await db.stats().coalescedRows == n, "rows appended by the writer")
        await db.shutdown()
    }
}
