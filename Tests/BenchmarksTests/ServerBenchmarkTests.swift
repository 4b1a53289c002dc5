@testable import Benchmarks
import Foundation
import Testing

/// `sharp bench server` at a tiny scale: every workload through every client against a real
/// `sharp serve` process and in process. The benchmark itself checks that every acknowledged
/// write landed and every read returned its rows (a client that fails becomes a note and an
/// error count); here the result lines must all be there, with work done and no error. No
/// duration is asserted.
@Suite(.serialized) struct ServerBenchmarkTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `sharp` binary next to the test bundle (both are in the build folder).
    static var sharp: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [here, here.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("sharp").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/sharp").path
    }

    @Test func everyWorkloadThroughEveryClient() async throws {
        var options = ServerBenchmark.Options(serverExecutable: Self.sharp)
        options.python = Self.packageRoot.appendingPathComponent(".build/test-venv/bin/python").path
        options.writers = 3
        options.clients = 2
        options.seconds = 1
        options.tableRows = 1_000
        options.bulkRows = 3_000
        options.repetitions = 1
        let report = try await ServerBenchmark(options: options).run(progress: .silent)
        let lines = Set(report.results.map { "\($0.variant ?? "") \($0.mode.rawValue)" })
        var expected: Set<String> = ["storm optimized", "mixed optimized", "bulk-in optimized", "select-all optimized",
                                     "bulk-in/psycopg2 server", "bulk-in/ours server", "select-all/psycopg2 server",
                                     "copy-out/psycopg2 server", "select-all/ours server"]
        for workload in ["storm", "mixed"] {
            for client in ["pgbench-simple", "pgbench-extended", "pgbench-prepared", "psycopg2", "ours"] {
                expected.insert("\(workload)/\(client) server")
            }
        }
        for (query, _) in ServerWorkloadSQL.analytics {
            expected.insert("analytics-\(query) optimized")
            for client in ["pgbench-prepared", "psycopg2", "ours"] { expected.insert("analytics-\(query)/\(client) server") }
        }
        #expect(lines == expected, "missing: \(expected.subtracting(lines)), unexpected: \(lines.subtracting(expected))")
        // COPY … TO STDOUT reaches the client only once the server's COPY work lands (until then
        // it is reported as failed); every other line must be clean.
        for result in report.results where result.variant != "copy-out/psycopg2" {
            let errors = result.extra.first { $0.key == "errors" }?.value ?? nil
            #expect(errors == 0, "\(result.jsonLine()) \(report.notes)")
            #expect(result.operations > 0, "\(result.jsonLine())")
            if result.mode == .server {
                let cpu = result.extra.first { $0.key == "server_cpu_ms" }?.value ?? nil
                #expect(cpu != nil && cpu! >= 0, "\(result.jsonLine())")
                #expect(result.rssMegabytes > 0, "the server process's own peak RSS: \(result.jsonLine())")
            }
        }
        for line in report.jsonLines() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["workload", "variant", "mode", "ops_per_s", "p50_ms", "p99_ms", "rss_mb", "server_cpu_ms", "x_in_process", "x_postgres", "errors"] {
                #expect(object[key] != nil, "missing \(key) in \(line)")
            }
        }
        let storm = try #require(report.results.first { $0.variant == "storm/pgbench-prepared" })
        #expect(storm.extra.contains { $0.key == "x_in_process" && $0.value != nil }, "a ratio against in process: \(storm.jsonLine())")
    }
}
