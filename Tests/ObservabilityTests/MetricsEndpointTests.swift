import DuckCoordinator
import DuckDBKit
import Foundation
import Observability
import Testing

/// A real coordinator on a temporary file, the real endpoint on loopback, real HTTP fetches:
/// `/metrics` and `/api/stats` give the numbers `stats()` gives.
@Suite(.serialized) struct MetricsEndpointTests {
    @Test func metricsAndStatsJSONAgreeWithStats() async throws {
        let registry = SharpMetrics.bootstrap()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("obs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("m.duckdb").path)
        let server = try await ObservabilityServer.start(
            routes: ObservabilityRoutes(sampler: StatsSampler(coordinator: db, registry: registry), registry: registry,
                                        sources: { Data(#"[{"source":"vsin-dk","staleness_s":12}]"#.utf8) }),
            port: 0)
        let base = "http://127.0.0.1:\(server.port)"
        let before = PrometheusText(try await HTTPFetch.get(base + "/metrics").body)
        let normalBefore = before[#"sharp_write_latency_seconds_count{priority="normal",mode="optimized"}"#] ?? 0
        let highBefore = before[#"sharp_write_latency_seconds_count{priority="high",mode="optimized"}"#] ?? 0
        let constraintBefore = before[#"sharp_write_failures_total{kind="constraint",mode="optimized"}"#] ?? 0

        try await db.immediateWrite("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)")
        for id in 0..<7 { try await db.write("INSERT INTO t VALUES (?, ?)", [.int(Int64(id)), .string("x")]) }
        try await db.write("INSERT INTO t VALUES (?, ?)", [.int(100), .string("h")], priority: .high)
        try await db.bulkInsert(into: "t", columns: ["id", "v"], rows: (200..<450).map { [.int(Int64($0)), .string("b")] })
        await #expect(throws: DuckDBError.self) { try await db.write("INSERT INTO t VALUES (?, ?)", [.int(1), .string("dup")]) }
        _ = try await db.read("SELECT count(*) FROM t")
        try await db.flush()

        let response = try await HTTPFetch.get(base + "/metrics")
        #expect(response.status == 200)
        #expect(response.contentType.hasPrefix("text/plain; version=0.0.4"))
        let metrics = PrometheusText(response.body)
        let stats = await db.stats()
        #expect(stats.rowsWritten == 7 + 1 + 250)
        #expect(metrics["sharp_rows_written_total"] == Double(stats.rowsWritten))
        #expect(metrics["sharp_writes_total"] == Double(stats.writesTotal))
        #expect(metrics["sharp_batches_total"] == Double(stats.batchesTotal))
        #expect(metrics["sharp_failures_total"] == Double(stats.failuresTotal))
        #expect(metrics["sharp_write_queue_size"] == 0)
        #expect(metrics["sharp_write_queue_high_water"] == Double(stats.writeQueueHighWater))
        #expect(metrics["sharp_reader_pool_waiters"] == 0)
        #expect(stats.status == .degraded)  // the duplicate key failed within the last minute
        #expect(metrics["sharp_coordinator_healthy"] == 0.5)
        // Event histograms are process-wide (other suites write concurrently in this process):
        // at least our samples, by priority; the duplicate key by kind. The CLI test checks
        // exact counts in a process of its own.
        #expect(metrics[#"sharp_write_latency_seconds_count{priority="normal",mode="optimized"}"#]! - normalBefore >= 8)
        #expect(metrics[#"sharp_write_latency_seconds_count{priority="high",mode="optimized"}"#]! - highBefore >= 1)
        #expect(metrics[#"sharp_write_failures_total{kind="constraint",mode="optimized"}"#]! - constraintBefore >= 1)
        #expect((metrics[#"sharp_batch_rows_count{mode="optimized"}"#] ?? 0) >= 1)
        #expect((metrics[#"sharp_batch_rows_bucket{mode="optimized",le="+Inf"}"#] ?? 0) == metrics[#"sharp_batch_rows_count{mode="optimized"}"#])
        #expect((metrics[#"sharp_batch_duration_seconds_count{mode="optimized"}"#] ?? 0) >= 1)
        #expect((metrics[#"sharp_read_latency_seconds_count{mode="optimized"}"#] ?? 0) >= 1)

        // /api/stats: db status --json's keys, the same moment's numbers.
        let json = try await HTTPFetch.get(base + "/api/stats")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        let again = await db.stats()
        #expect(object["rows_written"] as? Int == again.rowsWritten)
        #expect(object["writes_total"] as? Int == again.writesTotal)
        #expect(object["batches_total"] as? Int == again.batchesTotal)
        #expect(object["write_queue_size"] as? Int == 0)
        #expect(object["status"] as? String == "degraded")
        #expect((object["sources"] as? [[String: Any]])?.first?["source"] as? String == "vsin-dk")
        let statusJSON = try JSONSerialization.jsonObject(with: try StatsJSON.encode(again, healthy: true)) as! [String: Any]
        #expect(statusJSON["rows_written"] as? Int == Int(metrics["sharp_rows_written_total"]!))

        #expect(try await HTTPFetch.get(base + "/nope").status == 404)
        #expect(try await HTTPFetch.get(base + "/api/slate").status == 404)
        await server.stop()
        await db.shutdown()
    }
}
