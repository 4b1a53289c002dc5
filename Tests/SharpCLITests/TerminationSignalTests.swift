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
        let (status, reason, stderr) = try await onOwnThread { () throws -> (Int32, Process.TerminationReason, String) in
            let process = Process()
            process.executableURL = SharpProcess.executable
            process.arguments = ["db", "monitor", "--path", path, "--interval", "3600"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // The first sample line means the database is open and the command is waiting.
            var seen = Data()
            while !seen.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            kill(process.processIdentifier, signal)
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, process.terminationReason, String(decoding: errData, as: UTF8.self))
        }
        #expect(reason == .exit && status == 0, "ended by \(reason) with \(status): \(stderr)")
        #expect(stderr.contains(signal == SIGTERM ? "terminated" : "interrupted"))
        // The coordinator shut down and released the file: another process can open it now.
        let database = try Database(path: path)
        database.close()
    }
}
