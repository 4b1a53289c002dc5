import DuckDBKit
import Foundation
import Testing

/// Ctrl-C or SIGTERM during `sharp collect`, as a real process: the capture being stored
/// finishes, the summary of the captures done is printed, the owner record and the socket are
/// removed, and it exits 0. Before, it sometimes exited 130 with no summary and left both behind.
@Suite struct CollectSignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func collectStopsAfterTheCurrentCaptureWithItsSummary(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("collect-signal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("c.duckdb").path
        // Ten simulated days of captures: far more than run before the signal arrives. The first
        // capture's report means captures are being stored.
        let run = try await SharpProcess.runSignalled(["collect", "--simulate", "42", "--games", "150", "--path", path],
                                                      signal: signal, when: "simulated ", on: .stderr)
        let (status, reason, stdout, stderr) = (run.status, run.reason, run.stdout, run.stderr)
        #expect(reason == .exit && status == 0, "ended by \(reason) with \(status): \(stderr)")
        let word = signal == SIGTERM ? "terminated" : "interrupted"
        #expect(stderr.contains("\(word): stopping after the current capture"), "\(stderr)")
        // "terminated: collected 3 of 2880 captures": some done, not all.
        let tally = try #require(stderr.split(separator: "\n").first { $0.hasPrefix("\(word): collected ") }, "\(stderr)")
        let numbers = tally.split(separator: " ").compactMap { Int($0) }
        #expect(numbers.count == 2 && numbers[0] >= 1 && numbers[0] < numbers[1], "\(tally)")
        // The summary table counts the captures done, and says how the file was reached.
        let done = numbers.first ?? -1
        #expect(stdout.hasPrefix("\(done) capture\(done == 1 ? "" : "s") into \(path) (optimized)"), "\(stdout)")
        #expect(stdout.contains("\ntotal "), "\(stdout)")
        // Owner record and socket removed; the file is released and holds only whole captures.
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".owner") || $0.hasPrefix(".s.PGSQL") }, "\(left)")
        let database = try Database(path: path)
        let connection = try database.connect()
        let captures = try connection.query("SELECT count(DISTINCT captured_at) AS n FROM raw_mlb_betting_splits")[0]["n", as: Int.self]
        #expect(captures >= 1 && captures <= done, "\(captures) captures stored, \(done) done")
        connection.close()
        database.close()
    }
}
