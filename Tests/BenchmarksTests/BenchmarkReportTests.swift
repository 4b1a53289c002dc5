@testable import Benchmarks
import Foundation
import Testing

@Suite struct BenchmarkReportTests {
    @Test func ratiosAreAgainstTheRawLineOfTheSameVariant() throws {
        let report = BenchmarkReport(workload: "w", notes: [], results: [
            BenchmarkResult(workload: "w", variant: "a", mode: .raw, operations: 100, seconds: 1, rssMegabytes: 1),
            BenchmarkResult(workload: "w", variant: "a", mode: .optimized, operations: 50, seconds: 1, rssMegabytes: 1),
            BenchmarkResult(workload: "w", variant: "b", mode: .raw, operations: 10, seconds: 1, rssMegabytes: 1),
            BenchmarkResult(workload: "w", variant: "b", mode: .optimized, operations: 20, seconds: 1, rssMegabytes: 1),
        ])
        #expect(report.results.map(\.ratio) == [1, 0.5, 1, 2])
    }

    @Test func jsonLineHasNullsWhereAFigureDoesNotApply() throws {
        let line = BenchmarkResult(workload: "bulk", mode: .legacy, operations: 10, seconds: 2, rssMegabytes: 3).jsonLine()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["p50_ms"] is NSNull)
        #expect(object["critical_p99_ms"] is NSNull)
        #expect(object["ops_per_s"] as? Double == 5)
        #expect(line.hasPrefix("{\"workload\":\"bulk\""))
    }

    @Test func modesParseAndUnknownOnesAreRefused() throws {
        #expect(try BenchmarkMode.parseList("legacy, optimized") == [.legacy, .optimized])
        #expect(throws: BenchmarkError.self) { try BenchmarkMode.parseList("turbo") }
    }
}
