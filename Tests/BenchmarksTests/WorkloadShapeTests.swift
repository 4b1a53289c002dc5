@testable import Benchmarks
import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Every workload at a tiny size: the JSON lines have the agreed keys and the rows landed
/// (each workload checks its row counts and throws when they are wrong). No duration is asserted.
@Suite(.serialized) struct WorkloadShapeTests {
    static let requiredKeys = ["workload", "mode", "ops_per_s", "p50_ms", "p99_ms", "critical_p99_ms",
                               "baseline", "ratio", "rss_mb"]

    /// Parses the report's JSON lines and checks their shape; returns them.
    @discardableResult
    func checkShape(_ report: BenchmarkReport, workload: String, modes: Set<String>) throws -> [[String: Any]] {
        let lines = report.jsonLines()
        #expect(lines.count == report.results.count)
        var objects: [[String: Any]] = []
        for line in lines {
            #expect(!line.contains("\n"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in Self.requiredKeys { #expect(object[key] != nil, "missing \(key) in \(line)") }
            #expect(object["workload"] as? String == workload)
            #expect(modes.contains(object["mode"] as? String ?? ""), "\(line)")
            #expect(object["baseline"] as? String == "raw")
            #expect((object["ops_per_s"] as? Double ?? 0) > 0, "\(line)")
            #expect((object["rss_mb"] as? Double ?? 0) > 0)
            #expect(object["ratio"] is Double, "every line has a raw baseline in its run: \(line)")
            if object["mode"] as? String == "raw" { #expect(object["ratio"] as? Double == 1) }
            objects.append(object)
        }
        #expect(Set(objects.compactMap { $0["mode"] as? String }) == modes)
        #expect(report.table().contains(workload))
        return objects
    }

    @Test func appender() async throws {
        let report = try await AppenderBenchmark(options: .init(rows: 3_000, rounds: 1)).run(progress: .silent)
        try checkShape(report, workload: "appender", modes: ["raw", "swift"])
        #expect(report.results.allSatisfy { $0.operations == 3_000 })
    }

    /// The C baseline and the Swift appender write the very same rows.
    @Test func cAndSwiftAppendersWriteTheSameRows() throws {
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        let database = try Database(path: folder.databasePath("same"))
        let connection = try database.connect()
        try connection.execute(SplitRow.createTable("c") + "; " + SplitRow.createTable("s"))
        try RawBaseline.appendSplits(connection, table: "c", first: 0, count: 2_000)
        try AppenderBenchmark.appendInSwift(connection, table: "s", rows: 2_000)
        let differing: Int = try connection.query("""
            SELECT count(*) AS n FROM ((SELECT * FROM c EXCEPT SELECT * FROM s) UNION ALL (SELECT * FROM s EXCEPT SELECT * FROM c))
            """)[0]["n"]
        #expect(differing == 0)
        #expect(try connection.query("SELECT count(*) AS n FROM c")[0]["n", as: Int.self] == 2_000)
        #expect(try connection.query("SELECT * FROM s WHERE id = 7")[0].values == SplitRow(7).values)
        connection.close()
        database.close()
    }

    @Test func inserts() async throws {
        let report = try await InsertBenchmark(options: .init(rows: 300, perTransaction: 100, rounds: 1)).run(progress: .silent)
        let objects = try checkShape(report, workload: "inserts", modes: ["raw", "swift"])
        #expect(Set(objects.compactMap { $0["variant"] as? String }) == ["autocommit", "batch100"])
        #expect(objects.allSatisfy { $0["p99_ms"] is Double })
    }

    @Test func read() async throws {
        let report = try await ReadBenchmark(options: .init(rows: 5_000, rounds: 1)).run(progress: .silent)
        let objects = try checkShape(report, workload: "read", modes: ["raw", "swift"])
        #expect(objects.count == 3)
        #expect(report.results.allSatisfy { $0.operations == 5_000 })
    }

    @Test func bulk() async throws {
        let report = try await BulkBenchmark(options: .init(rows: 5_000, chunk: 2_000)).run(progress: .silent)
        let objects = try checkShape(report, workload: "bulk", modes: ["raw", "legacy", "optimized"])
        #expect(objects.count == 5)  // raw, then values and typed for each coordinator mode
        #expect(Set(objects.compactMap { $0["variant"] as? String }) == ["values", "typed"])
        #expect(report.results.allSatisfy { $0.operations == 5_000 })
    }

    @Test func storm() async throws {
        var config = ConnectionConfig.production
        config.writeBatchSize = 8  // below the 16 writes outstanding, so batches fill without waiting the timeout
        let report = try await StormBenchmark(options: .init(producers: 4, writesEach: 50, window: 4, criticalEvery: 10,
                                                             modes: [.optimized], config: config)).run(progress: .silent)
        let objects = try checkShape(report, workload: "storm", modes: ["raw", "optimized"])
        #expect(objects.allSatisfy { $0["critical_p99_ms"] is Double })
        #expect(report.results.allSatisfy { $0.operations == 200 })
    }

    @Test func mixed() async throws {
        let report = try await MixedBenchmark(options: .init(clients: 3, seconds: 0.3, tableRows: 2_000, window: 2,
                                                             modes: [.legacy, .optimized])).run(progress: .silent)
        let objects = try checkShape(report, workload: "mixed", modes: ["raw", "legacy", "optimized"])
        for key in ["read_p50_ms", "read_p99_ms", "write_p50_ms", "write_p99_ms"] {
            #expect(objects.allSatisfy { $0[key] != nil })
        }
    }

    /// Both policies in one run: each mode writes every row (the benchmark checks the count) and
    /// reports a write and a read line with percentiles.
    @Test func latency() async throws {
        var config = ConnectionConfig.production
        config.writeBatchTimeout = 0.01  // the timer mode waits this per write
        let report = try await LatencyBenchmark(options: .init(operations: 20, tableRows: 1_000,
                                                               modes: [.optimized, .optimizedTimer], config: config))
            .run(progress: .silent)
        let objects = try checkShape(report, workload: "latency", modes: ["raw", "optimized", "optimized-timer"])
        #expect(objects.count == 6)
        #expect(Set(objects.compactMap { $0["variant"] as? String }) == ["write", "read"])
        #expect(objects.allSatisfy { $0["p50_ms"] is Double && $0["p99_ms"] is Double })
        #expect(report.results.allSatisfy { $0.operations == 20 })
    }

    @Test func analytics() async throws {
        let report = try await AnalyticsBenchmark(options: .init(rows: 20_000, readers: [1, 2], seconds: 0.2))
            .run(progress: .silent)
        let objects = try checkShape(report, workload: "analytics", modes: ["raw", "optimized"])
        #expect(Set(objects.compactMap { $0["variant"] as? String }) == ["readers=1", "readers=2"])
    }
}

@Suite struct PregameWorkloadTests {
    /// One simulated day, legacy and optimized: every stage reported for both modes, with the
    /// number of runs, and optimized compared with legacy.
    @Test func pregameReportsEveryStageForBothModes() async throws {
        let report = try await PregameBenchmark(options: .init(days: 1, runsPerDay: 2)).run(progress: .silent)
        let stages = ["collect", "detect", "store", "alert", "run", "monitor", "report"]
        #expect(report.results.count == stages.count * 2)
        for mode in [BenchmarkMode.legacy, .optimized] {
            let ofMode = report.results.filter { $0.mode == mode }
            #expect(ofMode.compactMap(\.variant) == stages)
            #expect(ofMode.first { $0.variant == "run" }?.operations == 2)
            #expect(ofMode.first { $0.variant == "report" }?.operations == 1)
        }
        let optimizedRun = try #require(report.results.first { $0.mode == .optimized && $0.variant == "run" })
        let speedup = optimizedRun.extra.first { $0.key == "legacy_over_optimized" }?.value ?? nil
        #expect(speedup != nil)
        for line in report.jsonLines() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["workload"] as? String == "pregame")
            #expect(object["p50_ms"] is Double)
        }
    }
}
