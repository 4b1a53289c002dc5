import Foundation
import Testing

/// Standard output through a pipe (what `tee`, journald and a service manager see) arrives line
/// by line while a long-running command waits, not in 4 KiB blocks at exit.
@Suite struct LineBufferedOutputTests {
    static let day = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17")

    @Test(arguments: [
        // The plan is printed, then it waits in real time for the first run (T−30 of the first game).
        ["pregame", "schedule", "--replay", day.path, "--now", "2025-06-17T16:00:00Z", "--real-time"],
        // One sample line, then an hour's wait.
        ["db", "monitor", "--interval", "3600"],
    ])
    func theFirstLineArrivesWhileTheCommandStillRuns(arguments: [String]) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("linebuf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("l.duckdb").path
        // A block-buffered child prints nothing until it exits: the test then fails (it was
        // not running when its first line came) instead of hanging.
        let run = try await SharpProcess.runSignalled(arguments + ["--path", path], signal: SIGTERM, when: "\n", on: .stdout)
        let (wasRunning, status, rest) = (run.wasRunning, run.status, run.stdout)
        let line = rest.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        #expect(wasRunning, "the first line came only at exit: \(rest)")
        if arguments[0] == "pregame" {
            #expect(line.hasPrefix("Pre-game schedule for 2025-06-17 from 2025-06-17T16-00-00Z: "), "\(line)")
            #expect(rest.hasSuffix("stopped\n"), "\(rest)")
        } else {
            #expect(line.contains("[OK] optimized healthy queue 0"), "\(line)")
        }
        #expect(status == 0, "\(rest)")
    }
}
