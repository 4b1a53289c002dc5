import DuckDBKit
import Foundation
import Testing

/// Ctrl-C or SIGTERM during a command that works to an end (`db sql --repeat`), as a real
/// process: it stops at its next wait, keeps every write it had acknowledged, leaves no owner
/// record or socket, says what happened, and exits 130 or 143 as the README's table says. Before, either signal ended the process on the spot with the file open.
@Suite struct InterruptedCommandTests {
    @Test(arguments: [(SIGINT, Int32(130), "interrupted"), (SIGTERM, Int32(143), "terminated")])
    func aCommandStoppedBeforeItsEndKeepsWhatItCommitted(signal: Int32, status: Int32, word: String) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interrupted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("i.duckdb").path
        let create = try await SharpProcess.run(["db", "sql", "--path", path, "CREATE TABLE t (i INTEGER PRIMARY KEY)"])
        #expect(create.status == 0, "\(create.stderr)")
        let writes = 2_000_000
        // The first progress line means writes are being committed.
        let run = try await SharpProcess.runSignalled(["db", "sql", "--path", path, "--repeat", String(writes), "INSERT INTO t VALUES (?)"],
                                                      signal: signal, when: "repeat: ", on: .stderr)
        let (exit, stderr) = (run.status, run.stderr)
        #expect(exit == status, "\(stderr)")
        #expect(stderr.contains("\(word): stopping"), "\(stderr)")
        #expect(stderr.contains("Error: \(word) before the command finished"), "\(stderr)")
        #expect(!stderr.contains("Usage:"), "\(stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!left.contains { $0.hasSuffix(".owner") || $0.hasPrefix(".s.PGSQL") }, "\(left)")
        // The file opens (released) and holds every write the last progress line counted as
        // done (acknowledged), and not all of them.
        let acknowledged = stderr.split(separator: "\n").filter { $0.hasPrefix("repeat: ") }
            .compactMap { $0.split(separator: " ").first { $0.contains("/") }?.split(separator: "/").first.flatMap { Int($0) } }.last
        let shown = try #require(acknowledged, "no progress line: \(stderr)")
        let database = try Database(path: path)
        let connection = try database.connect()
        let stored = try connection.query("SELECT count(*) AS n FROM t")[0]["n", as: Int.self]
        #expect(stored >= shown && stored < writes, "\(stored) rows stored, \(shown) acknowledged, \(writes) asked")
        connection.close()
        database.close()
    }
}
