import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// A coordinator dropped without `shutdown()` must not keep its threads or the file: another
/// process can open the file afterwards and sees every write that returned.
@Suite struct CoordinatorLifetimeTests {
    /// Opens `path` in a separate Python process through the same DuckDB build (the wheel the
    /// bootstrap installed) and returns `SELECT count(*) FROM t`, or nil when it cannot open it.
    /// The wait for the child happens on a thread of its own, not on the cooperative pool.
    func countInAnotherProcess(_ path: String) async throws -> Int? {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try Self.countBlocking(path) }) }.start()
        }
    }

    private static func countBlocking(_ path: String) throws -> Int? {
        let library = try DuckDBLibrary.shared()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys, duckdb
            try:
                con = duckdb.connect(sys.argv[1])
            except Exception as e:
                print("locked", e); sys.exit(3)
            print(con.execute("SELECT count(*) FROM t").fetchone()[0])
            """, path]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = URL(fileURLWithPath: library.path).deletingLastPathComponent().path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: [CoordinatorMode.optimized, .legacy])
    func droppedWithoutShutdownReleasesTheFileWithEveryWriteKept(mode: CoordinatorMode) async throws {
        let library = try DuckDBLibrary.shared()
        try #require(library.path.contains("_duckdb"), "needs the bootstrap's wheel to open the file from Python")
        let folder = try TemporaryFolder()
        var held: DatabaseCoordinator? = try DatabaseCoordinator(path: folder.databasePath, mode: mode)
        try await held!.immediateWrite("CREATE TABLE t (x INTEGER)")
        for i in 0..<10 { try await held!.write("INSERT INTO t VALUES (?)", [.int(Int64(i))]) }
        if mode == .optimized { #expect(try await countInAnotherProcess(folder.databasePath) == nil, "held while alive") }
        held = nil
        // The threads end on their own after the drop; poll the other process until they have.
        var seen: Int?
        for _ in 0..<200 where seen == nil {
            seen = try await countInAnotherProcess(folder.databasePath)
            if seen == nil { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(seen == 10)
    }
}
