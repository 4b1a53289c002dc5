import DuckDBKit
import Foundation
import Testing

/// SIGTERM (what `kill` and service managers send) stops a long-running command the way Ctrl-C
/// does: it finishes the current step, shuts the database down and exits 0, releasing the file.
/// Before, only SIGINT was handled and SIGTERM ended the process on the spot.
@Suite struct TerminationSignalTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func longRunningCommandStopsCleanly(signal: Int32) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("term-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("m.duckdb").path
        // The first sample line means the database is open and the command is waiting.
        let run = try await SharpProcess.runSignalled(["db", "monitor", "--path", path, "--interval", "3600"],
                                                      signal: signal, when: "\n", on: .stdout)
        let (status, reason, stderr) = (run.status, run.reason, run.stderr)
        #expect(reason == .exit && status == 0, "ended by \(reason) with \(status): \(stderr)")
        #expect(stderr.contains(signal == SIGTERM ? "terminated" : "interrupted"))
        // The coordinator shut down and released the file: another process can open it now.
        let database = try Database(path: path)
        database.close()
    }
}
