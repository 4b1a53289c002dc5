import DuckDBKit
import Foundation
import Testing

/// The README's exit-status table, walked row by row through real `sharp` processes: each
/// status at least once, with the condition the table names, the `Error:` line (never the usage
/// text) for every runtime failure, and the usage of the command given the mistake for 64.
@Suite struct ExitStatusTests {
    struct Folder {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("exit-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func file(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// A runtime failure: its status, `Error:` first, no usage text.
    static func expectFailure(_ output: SharpProcess.Output, _ status: Int32, _ what: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == status, "\(what): status \(output.status), stderr: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains("Error: "), "\(what): \(output.stderr)", sourceLocation: sourceLocation)
        #expect(!output.stderr.contains("Usage:") && !output.stderr.contains("USAGE:"),
                "\(what) printed the usage text: \(output.stderr)", sourceLocation: sourceLocation)
    }

    @Test func zeroOneAndTheUsageMistakes() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        // 0: success.
        let migrate = try await SharpProcess.run(["db", "migrate", "--no-serve", "--path", folder.file("ok.duckdb")])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        // 1: any other failure: `db check` on a file whose schema is behind.
        let check = try await SharpProcess.run(["db", "check", "--no-serve", "--path", folder.file("behind.duckdb")])
        #expect(check.status == 1 && check.stderr.contains("schema is behind"), "\(check.stdout) \(check.stderr)")
        // 64: an unknown option, a value that is not one of the choices (checked while parsing),
        // and a mistake found while running: each with the usage of the command given it.
        let unknown = try await SharpProcess.run(["db", "sql", "--no-such-option", "SELECT 1"])
        #expect(unknown.status == 64 && unknown.stderr.contains("Usage: sharp db sql"), "\(unknown.stderr)")
        let preset = try await SharpProcess.run(["collect", "--preset", "turbo", "--path", folder.file("turbo.duckdb")])
        #expect(preset.status == 64 && preset.stderr.contains("'turbo' is invalid for '--preset"), "\(preset.stderr)")
        #expect(preset.stderr.contains("Usage: sharp collect"), "the subcommand's usage, not the root's: \(preset.stderr)")
        let url = try await SharpProcess.run(["db", "sql", "--db-url", "mysql://x", "--path", folder.file("url.duckdb"), "SELECT 1"])
        #expect(url.status == 64 && url.stderr.contains("Usage: sharp db sql"), "\(url.stderr)")
        // Nothing was created by the refused commands.
        #expect(!FileManager.default.fileExists(atPath: folder.file("turbo.duckdb")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("url.duckdb")))
    }

    @Test func badDataAndFilesThatCannotBeOpened() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        // 65: a payload that does not parse, SQL DuckDB refuses, a constraint.
        try Data("{\"not\": \"an SBD payload\"".utf8).write(to: folder.url.appendingPathComponent("bad.json"))
        Self.expectFailure(try await SharpProcess.run(["parse", "sbd", folder.file("bad.json")]), 65, "an SBD payload that does not parse")
        let db = folder.file("data.duckdb")
        Self.expectFailure(try await SharpProcess.run(["db", "sql", "--no-serve", "--path", db, "SELEC 1"]), 65, "SQL DuckDB refuses")
        _ = try await SharpProcess.run(["db", "sql", "--no-serve", "--path", db, "CREATE TABLE k (id INTEGER PRIMARY KEY)"])
        _ = try await SharpProcess.run(["db", "sql", "--no-serve", "--path", db, "INSERT INTO k VALUES (1)"])
        Self.expectFailure(try await SharpProcess.run(["db", "sql", "--no-serve", "--path", db, "INSERT INTO k VALUES (1)"]), 65,
                           "a duplicate key")
        // 66: the database is a directory; an input payload is missing.
        try FileManager.default.createDirectory(atPath: folder.file("dir.duckdb"), withIntermediateDirectories: true)
        Self.expectFailure(try await SharpProcess.run(["db", "sql", "--no-serve", "--path", folder.file("dir.duckdb"), "SELECT 1"]), 66,
                           "a directory as the database")
        Self.expectFailure(try await SharpProcess.run(["parse", "sbd", folder.file("missing.json")]), 66, "a missing payload")
    }

    @Test func heldFileFullDiskAndLockTimeout() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        // 69: the file is held by a process that is not a sharp owner (this test process).
        let held = folder.file("held.duckdb")
        let database = try Database(path: held)
        let connection = try database.connect()
        try connection.execute("CREATE TABLE t (x INTEGER)")
        Self.expectFailure(try await SharpProcess.run(["db", "sql", "--path", held, "SELECT 1"]), 69, "a file held by another process")
        connection.close()
        database.close()
        // 74: I/O error while working: the file may not grow past 2 MB (RLIMIT_FSIZE, with
        // SIGXFSZ ignored so the write fails with EFBIG as it would with ENOSPC).
        let full = try await SharpProcess.runExecutable("/bin/bash", ["-c", """
            trap '' XFSZ; ulimit -f 2048; exec "$0" db sql --no-serve --path "$1" \
              "CREATE TABLE t AS SELECT range AS x, md5(range::VARCHAR) AS h FROM range(3000000)"
            """, SharpProcess.executable.path, folder.file("full.duckdb")])
        Self.expectFailure(full, 74, "a write past the file size limit")
        #expect(full.stderr.contains("File too large"), "\(full.stderr)")
        // 75: try again: legacy mode waits for the file lock, which another process holds, until
        // its read lock timeout (10 s) has passed.
        let locked = folder.file("locked.duckdb")
        _ = try await SharpProcess.run(["db", "migrate", "--no-serve", "--path", locked])
        // flock holds the lock while `cat` waits for its input to end. Not `sleep` ended by a
        // signal: a child started from one of Dispatch's threads inherits a mask that blocks
        // SIGTERM, so the holder outlived the test by ten minutes, keeping `swift test`'s output
        // pipe open and the whole run waiting.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [locked + ".lock", "cat"]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { try? input.fileHandleForWriting.close() }   // cat ends, and flock with it
        // The holder has the lock once a non-blocking flock of it fails.
        for _ in 0..<600 {
            let probe = try await SharpProcess.runExecutable("/usr/bin/flock", ["-n", locked + ".lock", "true"])
            if probe.status != 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        Self.expectFailure(try await SharpProcess.run(["db", "sql", "--db-mode", "legacy", "--path", locked, "SELECT 1"]), 75,
                           "a legacy lock held past the timeout")
    }

    @Test func refusedLoginAndBadConfiguration() async throws {
        let folder = try Folder()
        defer { folder.remove() }
        // 78: bad configuration; nothing created by the refused command.
        let open = try await SharpProcess.run(["serve", "--path", folder.file("open.duckdb"), "--host", "0.0.0.0", "--port", "0"])
        Self.expectFailure(open, 78, "a non-loopback address without a password")
        #expect(!FileManager.default.fileExists(atPath: folder.file("open.duckdb")))
        // 77: the owner refused the login.
        let passwordFile = folder.file("password")
        try "right\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let owner = try ServeCommandTests.Server(["--path", folder.file("served.duckdb"), "--port", "0", "--password-file", passwordFile])
        guard let (port, _) = await owner.ready() else {
            Issue.record("sharp serve did not get ready: \(owner.errors.withLock { $0 })")
            owner.process.terminate()
            return
        }
        let wrong = try await SharpProcess.run(["db", "sql", "--db-url", "postgres://sharp:wrong@127.0.0.1:\(port)/main", "SELECT 1"],
                                               timeout: 120)
        Self.expectFailure(wrong, 77, "a wrong password")
        // 69: the port is taken; the other file is not created.
        let taken = try await SharpProcess.run(["serve", "--path", folder.file("other.duckdb"), "--port", String(port)])
        Self.expectFailure(taken, 69, "a taken port")
        #expect(taken.stderr.contains("address already in use"), "\(taken.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("other.duckdb")))
        owner.process.terminate()
        #expect(await owner.exit() == 0)
    }
}
