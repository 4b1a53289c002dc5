import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

@Suite struct MultiProcessTests {
    /// Three processes in legacy mode write 200 rows each into one file at the same time:
    /// afterwards exactly 600 rows, and no lock error reached any of them.
    @Test func threeLegacyProcessesShareOneFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shared.duckdb").path
        let create = try await SharpProcess.run(["db", "sql", "--db-mode", "legacy", "--path", path,
                                           "CREATE TABLE t (i INTEGER, who VARCHAR)"])
        #expect(create.status == 0, "\(create.stderr)")
        let outputs = try await withThrowingTaskGroup(of: SharpProcess.Output.self) { group in
            for p in 1...3 {
                group.addTask {
                    // --log-level error: a slow lock wait is a warning by design; the test looks for lock errors.
                    try await SharpProcess.run(["db", "sql", "--log-level", "error", "--db-mode", "legacy", "--path", path, "--repeat", "200",
                                                "INSERT INTO t VALUES (?, 'p\(p)')"])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for output in outputs {
            #expect(output.status == 0, "\(output.stderr)")
            #expect(!output.stderr.contains("lock"), "\(output.stderr)")
            #expect(output.stdout.contains("200 rows changed by 200 writes"))
        }
        let db = try DatabaseCoordinator(path: path, mode: .legacy)
        let rows = try await db.read("SELECT who, count(*) AS n, count(DISTINCT i) AS d FROM t GROUP BY who ORDER BY who", [])
        #expect(try rows.map { try $0["who", as: String.self] } == ["p1", "p2", "p3"])
        #expect(try rows.map { try $0["n", as: Int.self] } == [200, 200, 200])
        #expect(try rows.map { try $0["d", as: Int.self] } == [200, 200, 200])
        await db.shutdown()
    }

    /// An optimized-mode process holds the file; a second process gets a clear message saying
    /// what to do, not a crash.
    @Test func optimizedHolderGivesOthersAClearMessage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("held.duckdb").path
        let database = try Database(path: path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (x INTEGER)")
        let output = try await SharpProcess.run(["db", "status", "--path", path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("Conflicting lock"))
        #expect(output.stderr.contains("not a sharp process serving it"))
        #expect(!output.stderr.contains("Usage"))
        connection.close()
        database.close()
    }
}
