import DuckDBKit
import Foundation
import Testing

@Suite struct ProbeCommandTests {
    func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("db/mlb.duckdb").path
    }

    @Test func probeReportsVersionLibraryAndTables() async throws {
        let path = try temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let database = try Database(path: path)
            try database.connect().execute("CREATE TABLE games (id INTEGER); INSERT INTO games VALUES (1), (2)")
            database.close()
        }
        let output = try await SharpProcess.run(["db", "probe", "--path", path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("DuckDB    \(try DuckDBLibrary.shared().version)"))
        #expect(output.stdout.contains("tables    1"))
        #expect(output.stdout.contains("games"))
        #expect(output.stdout.contains(try DuckDBLibrary.shared().path))
    }

    /// A second process opening a file this process holds gets DuckDB's lock error as a clear
    /// message and a failing exit status, not a crash.
    @Test func secondProcessGetsTheLockError() async throws {
        let path = try temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let database = try Database(path: path)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE held (x INTEGER)")
        let output = try await SharpProcess.run(["db", "probe", "--path", path])
        #expect(output.status != 0)
        #expect(output.stderr.contains("Conflicting lock is held"), "\(output.stderr)")
        #expect(!output.stderr.contains("Program crashed"))
        connection.close()
        database.close()
        // Once released, the other process opens it.
        #expect(try await SharpProcess.run(["db", "probe", "--path", path]).status == 0)
    }

    @Test func missingLibraryIsAClearErrorNamingTheFix() async throws {
        let output = try await SharpProcess.run(["db", "probe", "--path", try temporaryPath()],
                                          environment: ["DUCKDB_LIBRARY": "/nonexistent/libduckdb.so"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("/nonexistent/libduckdb.so"))
        #expect(output.stderr.contains("scripts/bootstrap"))
        #expect(!output.stderr.contains("Program crashed"))
    }

    @Test func helpListsTheCommands() async throws {
        let output = try await SharpProcess.run(["--help"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("db"))
        #expect(output.stdout.contains("bench"))
    }
}
