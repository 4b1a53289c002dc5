import DuckCoordinator
import Foundation
import Observability
import Synchronization
import Testing

/// What a terminal and a log get from ``ProgressBar``, on an injected clock.
@Suite struct ProgressBarTests {
    final class Recorder: Sendable {
        let output = Mutex("")
        let time = Mutex(1_000.0)
        func write(_ text: String) { output.withLock { $0 += text } }
        var text: String { output.withLock { $0 } }
        func at(_ seconds: Double) { time.withLock { $0 = 1_000 + seconds } }
        var now: Double { time.withLock { $0 } }
    }

    @Test func aTerminalGetsABarWithRateAndETARedrawnInPlace() {
        let out = Recorder()
        let bar = ProgressBar(label: "collect", total: 10, isTerminal: true, now: { out.now }, sink: out.write)
        out.at(2)
        bar.advance(by: 4)
        #expect(out.text == "\r\u{1B}[2Kcollect  [#########---------------]  4/10  2.0/s  ETA 0:03")
        out.at(2.05)
        bar.advance()  // within 0.1 s of the last draw: not redrawn
        #expect(out.text.components(separatedBy: "\r").count == 2)
        bar.say("replay 2025-06-17T22-55-00Z")
        #expect(out.text.hasSuffix("\r\u{1B}[2Kreplay 2025-06-17T22-55-00Z\n\r\u{1B}[2Kcollect  [############------------]  5/10  2.4/s  ETA 0:02"))
        out.at(5)
        bar.advance(by: 5)
        bar.finish()
        #expect(out.text.hasSuffix("collect  [########################]  10/10  2.0/s  took 0:05\n"))
        bar.finish()
        #expect(out.text.hasSuffix("took 0:05\n"))
    }

    @Test func aLogGetsPlainPeriodicLines() {
        let out = Recorder()
        let bar = ProgressBar(label: "bulk", total: 1_000, isTerminal: false, lineInterval: 5, now: { out.now }, sink: out.write)
        out.at(1)
        bar.advance(by: 100)
        out.at(3)
        bar.advance(by: 100)   // 2 s after the first line: quiet
        out.at(6.5)
        bar.advance(by: 300)
        bar.say("note")
        out.at(10)
        bar.advance(by: 500)   // done: always written
        bar.finish()
        #expect(out.text == """
            bulk: 10%  100/1000  100/s  ETA 0:09
            bulk: 50%  500/1000  76.9/s  ETA 0:07
            note
            bulk: 100%  1000/1000  100/s  took 0:10

            """)
    }
}

/// ``StatsHistory`` keeps the newest `limit` points, oldest first.
@Suite struct StatsHistoryTests {
    @Test func keepsTheNewestPointsInOrder() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("h.duckdb").path)
        let history = StatsHistory(limit: 3)
        try await db.immediateWrite("CREATE TABLE t (i INTEGER)")
        for i in 0..<5 {
            try await db.write("INSERT INTO t VALUES (?)", [.int(Int64(i))])
            history.append(await db.stats(), at: Double(i))
        }
        #expect(history.all.map(\.time) == [2, 3, 4])
        #expect(history.all.map(\.rowsWritten) == [3, 4, 5])
        let decoded = try JSONSerialization.jsonObject(with: history.json()) as! [[String: Any]]
        #expect(decoded.map { $0["rows_written"] as? Int } == [3, 4, 5])
        await db.shutdown()
    }
}
