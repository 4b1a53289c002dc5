import ArgumentParser
import Benchmarks
import Foundation

/// Output flags shared by every `sharp bench` workload.
struct BenchOutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON object per line per (workload, mode) instead of the table.")
    var json = false

    @Flag(name: .long, help: "No progress messages on standard error.")
    var quiet = false

    var progress: BenchmarkProgress { quiet ? .silent : .standardError }

    /// Prints the report as a table, or as JSON lines with `--json`.
    func emit(_ report: BenchmarkReport) {
        if json {
            for line in report.jsonLines() { print(line) }
        } else {
            print(report.table())
        }
    }
}

/// Turns a benchmark's own errors into validation errors (a clear message, exit status 64).
func runBenchmark(_ body: () async throws -> BenchmarkReport) async throws -> BenchmarkReport {
    do { return try await body() } catch let error as BenchmarkError {
        throw ValidationError(error.description)
    }
}
