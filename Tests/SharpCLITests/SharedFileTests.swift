import Foundation
import Synchronization
import Testing

/// Several sharp processes on one file with no lock conflicts: the long-running one owns and
/// serves it, the others go through it; when the owner is killed, another takes over.
@Suite(.serialized) struct SharedFileTests {
    /// A sharp process left running, its stderr collected.
    final class Running: Sendable {
        /// Text the stderr pipe delivered so far, appended from the pipe's handler thread.
        final class Collected: Sendable {
            let text = Mutex("")
        }

        let process: Process
        private let errors = Collected()

        init(_ arguments: [String]) throws {
            process = Process()
            process.executableURL = SharpProcess.executable
            process.arguments = arguments
            let err = Pipe()
            process.standardOutput = FileHandle.nullDevice
            process.standardError = err
            let errors = errors
            err.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                errors.text.withLock { $0 += String(decoding: data, as: UTF8.self) }
            }
            try process.run()
        }

        var stderr: String { errors.text.withLock { $0 } }

        /// Waits (bounded) until stderr contains `text` or the process ended; true when it appeared.
        func waitFor(_ text: String) async -> Bool {
            for _ in 0..<1_200 {
                if stderr.contains(text) { return true }
                if !process.isRunning { return stderr.contains(text) }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return false
        }

        /// Signals the process and waits (at most 60 s, then SIGKILL) until it ended.
        func stop(_ signal: Int32 = SIGINT) {
            if process.isRunning { kill(process.processIdentifier, signal) }
            for _ in 0..<600 where process.isRunning { usleep(100_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func runAll(_ commands: [[String]]) async throws -> [SharpProcess.Output] {
        try await withThrowingTaskGroup(of: (Int, SharpProcess.Output).self) { group in
            for (index, arguments) in commands.enumerated() {
                group.addTask { (index, try await SharpProcess.run(arguments)) }
            }
            var outputs = [SharpProcess.Output?](repeating: nil, count: commands.count)
            for try await (index, output) in group { outputs[index] = output }
            return outputs.map { $0! }
        }
    }

    @Test("8 writer processes × 1,000 rows and 4 readers through the owner: exactly 8,000 rows, no lock conflict")
    func eightWritersFourReaders() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("shared.duckdb").path
        let owner = try Running(["db", "monitor", "--path", path, "--interval", "5"])
        defer { owner.stop() }
        #expect(await owner.waitFor("serving \(path)"))
        let create = try await SharpProcess.run(["db", "sql", "--path", path, "CREATE TABLE t (writer INTEGER, i INTEGER, PRIMARY KEY (writer, i))"])
        #expect(create.status == 0, "\(create.stderr)")
        #expect(create.stderr.contains("going through the owner of \(path)"))
        let writers = (0..<8).map { ["db", "sql", "--path", path, "--repeat", "1000", "INSERT INTO t VALUES (\($0), ?)"] }
        let readers = (0..<4).map { _ in ["db", "sql", "--path", path, "SELECT count(*) AS n FROM t"] }
        let outputs = try await Self.runAll(writers + readers)
        for output in outputs {
            #expect(output.status == 0, "\(output.stderr)")
            #expect(!output.stderr.contains("Conflicting lock"))
        }
        for output in outputs.prefix(8) { #expect(output.stdout.contains("1000 rows changed by 1000 writes")) }
        let count = try await SharpProcess.run(["db", "sql", "--path", path, "--json",
                                          "SELECT count(*) AS n, count(DISTINCT writer) AS w, max(i) AS top FROM t"])
        #expect(count.stdout.contains("\"n\":8000"), "\(count.stdout) \(count.stderr)")
        #expect(count.stdout.contains("\"w\":8"))
        #expect(count.stdout.contains("\"top\":999"))
        #expect(owner.process.isRunning)
    }

    @Test("sharp monitor owns the file while collect, report and db sql run beside it")
    func monitorServesCollectReportSQL() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("monitor.duckdb").path
        let recorded = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17").path
        let owner = try Running(["monitor", "--replay", recorded, "--interval", "3600", "--path", path])
        defer { owner.stop() }
        #expect(await owner.waitFor("serving \(path)"), "\(owner.stderr)")
        let outputs = try await Self.runAll([
            ["collect", "--replay", recorded, "--path", path],
            ["report", "--path", path, "--date", "2025-06-17"],
            ["db", "sql", "--path", path, "SELECT count(*) AS n FROM games"],
        ])
        for output in outputs {
            #expect(output.status == 0, "\(output.stdout) \(output.stderr)")
            #expect(!output.stderr.contains("Conflicting lock"))
            #expect(output.stderr.contains("going through the owner of \(path)"), "\(output.stderr)")
        }
        let games = try await SharpProcess.run(["db", "sql", "--path", path, "--json", "SELECT count(*) AS n FROM games"])
        #expect(games.status == 0)
        #expect(!games.stdout.contains("\"n\":0"), "\(games.stdout)")
        #expect(owner.process.isRunning)
    }

    @Test("SIGKILL of the owner mid-load: another process takes the file, every acknowledged row is there")
    func ownerKilledMidLoad() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("handover.duckdb").path
        let owner = try Running(["db", "monitor", "--path", path, "--interval", "5"])
        #expect(await owner.waitFor("serving \(path)"))
        let waiting = try Running(["db", "monitor", "--path", path, "--interval", "0.2"])
        defer { waiting.stop() }
        #expect(await waiting.waitFor("going through the owner of \(path)"))
        #expect(try await SharpProcess.run(["db", "sql", "--path", path, "CREATE TABLE t (i INTEGER PRIMARY KEY)"]).status == 0)
        var acknowledged: [Int] = []
        var failures: [String] = []
        for i in 0..<30 {
            if i == 10 { owner.stop(SIGKILL) }
            let insert = try await SharpProcess.run(["db", "sql", "--path", path, "INSERT INTO t VALUES (\(i))"])
            if insert.status == 0 { acknowledged.append(i) } else { failures.append(insert.stderr) }
            #expect(!insert.stderr.contains("Conflicting lock"), "\(insert.stderr)")
        }
        #expect(acknowledged.count >= 20, "\(failures)")
        // The waiting process carried on: it took the file, or goes through whoever did.
        #expect(waiting.process.isRunning)
        let rows = try await SharpProcess.run(["db", "sql", "--path", path, "--json", "SELECT string_agg(CAST(i AS VARCHAR), ',' ORDER BY i) AS ids FROM t"])
        #expect(rows.status == 0, "\(rows.stderr)")
        #expect(rows.stdout.contains("\"ids\":\"" + acknowledged.map(String.init).joined(separator: ",") + "\""), "\(rows.stdout)")
        #expect(await waiting.waitFor("serving \(path)") || waiting.stderr.components(separatedBy: "going through the owner").count > 2,
                "\(waiting.stderr)")
    }

    @Test("--db-url goes through the named server over TCP, and a sharp serve owner is found by its record")
    func dbURLAndServeOwner() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("served.duckdb").path
        let owner = try ServeCommandTests.Server(["--path", path, "--port", "0"])
        defer { owner.process.terminate(); owner.process.waitUntilExit() }
        let (port, socket) = try #require(await owner.ready())
        let forced = try await SharpProcess.run(["db", "sql", "--path", folder.appendingPathComponent("elsewhere.duckdb").path,
                                           "--db-url", "postgres://sharp@127.0.0.1:\(port)/main", "CREATE TABLE t AS SELECT 42 AS x"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(forced.stderr.contains("going through the server at 127.0.0.1:\(port)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("elsewhere.duckdb").path))
        let found = try await SharpProcess.run(["db", "sql", "--path", path, "SELECT x FROM t"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("42"))
        #expect(found.stderr.contains("socket \(socket)"))
    }
}
