import DuckDBKit
import Foundation
import Testing

/// `sharp --version`: sharp's version, and which DuckDB this binary loads and how it found it
/// (the first question about an installed copy run by another user), or why it cannot.
@Suite struct VersionTests {
    @Test func versionNamesSharpAndTheDuckDBItLoads() async throws {
        let found = try await SharpProcess.run(["--version"])
        let library = try DuckDBLibrary.shared()
        let lines = found.stdout.split(separator: "\n").map(String.init)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(lines.first?.hasPrefix("sharp ") == true && lines.first!.split(separator: ".").count == 3, "\(found.stdout)")
        #expect(lines.count == 2 && lines[1] == "DuckDB \(library.version) at \(library.path) (found by \(library.origin))",
                "\(found.stdout)")
        let missing = try await SharpProcess.run(["--version"], environment: ["DUCKDB_LIBRARY": "/nonexistent/libduckdb.so"])
        #expect(missing.status == 0, "\(missing.stderr)")
        #expect(missing.stdout.contains("DuckDB not found: ") && missing.stdout.contains("/nonexistent/libduckdb.so")
                && missing.stdout.contains("scripts/bootstrap"), "\(missing.stdout)")
    }
}
