import Foundation
import Synchronization
import Testing

/// `sharp serve` as a real process: ready line, owner record, psql through the Unix socket,
/// clear refusals (no usage banner), and a clean stop on SIGTERM.
@Suite(.serialized) struct ServeCommandTests {
    /// A running `sharp serve`, its stdout watched for the ready lines.
    final class Server {
        /// Text a pipe delivered so far, appended from the pipe's handler thread.
        final class Collected: Sendable {
            private let text = Mutex("")
            func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
            func withLock<T: Sendable>(_ body: (inout String) -> T) -> T { text.withLock { body(&$0) } }
        }

        let process: Process
        let output = Collected()
        let errors = Collected()
        private let exits: AsyncStream<Int32>

        init(_ arguments: [String], environment: [String: String] = [:]) throws {
            process = Process()
            process.executableURL = SharpProcess.executable
            process.arguments = ["serve"] + arguments
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            let (output, errors) = (output, errors)
            out.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
            err.fileHandleForReading.readabilityHandler = { errors.append($0.availableData) }
            let (exits, exited) = AsyncStream<Int32>.makeStream()
            self.exits = exits
            process.terminationHandler = { exited.yield($0.terminationStatus); exited.finish() }
            try process.run()
        }

        /// Waits (bounded, without deciding anything by time) until the ready lines are out or the process ended.
        func ready() async -> (port: Int, socket: String)? {
            for _ in 0..<600 {
                let text = output.withLock { $0 }
                if text.contains("unix socket "), let port = Self.port(in: text), let socket = Self.socket(in: text) {
                    return (port, socket)
                }
                if !process.isRunning { return nil }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        /// The exit status, once the process has ended.
        func exit() async -> Int32 {
            for await status in exits { return status }
            return -1
        }

        static func port(in text: String) -> Int? {
            text.split(separator: "\n").first { $0.hasPrefix("listening on ") }.flatMap { Int($0.split(separator: ":").last ?? "") }
        }

        static func socket(in text: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("unix socket ") }.map { String($0.dropFirst("unix socket ".count)) }
        }
    }

    @Test func servesThroughTheSocketRefusesClearlyAndStopsCleanly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path

        let owner = try Server(["--path", path, "--port", "0"])
        guard let (port, socket) = await owner.ready() else {
            Issue.record("sharp serve did not get ready: \(owner.errors.withLock { $0 })")
            owner.process.terminate()
            return
        }
        #expect(socket == folder.appendingPathComponent(".s.PGSQL.\(port)").path)
        let record = try String(contentsOfFile: path + ".owner", encoding: .utf8)
        #expect(record.contains("\"pid\":\(owner.process.processIdentifier)") && record.contains("\"port\":\(port)"), "\(record)")

        let psql = try await SharpProcess.runExecutable("/usr/bin/psql", ["-X", "-h", folder.path, "-p", String(port), "-A", "-t",
                                                                    "-c", "SELECT count(*) FROM games"])
        #expect(psql.status == 0 && psql.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "\(psql.stderr)")

        let second = try await SharpProcess.run(["serve", "--path", path, "--port", "0"])
        #expect(second.status != 0 && second.stderr.contains("already served by process \(owner.process.processIdentifier)"), "\(second.stderr)")
        #expect(!second.stderr.contains("USAGE"))

        let taken = try await SharpProcess.run(["serve", "--path", folder.appendingPathComponent("other.duckdb").path, "--port", String(port)])
        #expect(taken.status != 0 && taken.stderr.contains("address already in use"), "\(taken.stderr)")
        #expect(!taken.stderr.contains("USAGE"))

        let open = try await SharpProcess.run(["serve", "--path", folder.appendingPathComponent("third.duckdb").path, "--host", "0.0.0.0", "--port", "0"])
        #expect(open.status != 0 && open.stderr.contains("without a password"), "\(open.stderr)")
        #expect(!open.stderr.contains("USAGE"))

        owner.process.terminate() // SIGTERM
        #expect(await owner.exit() == 0, "\(owner.errors.withLock { $0 })")
        #expect(!FileManager.default.fileExists(atPath: path + ".owner"))
        #expect(!FileManager.default.fileExists(atPath: socket))
    }

    @Test func passwordProtectedServerThroughDbURL() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path
        let passwordFile = folder.appendingPathComponent("password").path
        try "s3cret pass\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)

        let owner = try Server(["--path", path, "--port", "0", "--password-file", passwordFile])
        guard let (port, _) = await owner.ready() else {
            Issue.record("sharp serve did not get ready: \(owner.errors.withLock { $0 })")
            owner.process.terminate()
            return
        }
        let good = try await SharpProcess.run(["db", "sql", "--db-url", "postgres://sharp:s3cret%20pass@127.0.0.1:\(port)/main",
                                               "SELECT 40 + 2 AS answer"], timeout: 120)
        #expect(good.status == 0 && good.stdout.contains("42"), "\(good.stdout) \(good.stderr)")
        let wrong = try await SharpProcess.run(["db", "sql", "--db-url", "postgres://sharp:guess@127.0.0.1:\(port)/main", "SELECT 1"],
                                                timeout: 120)
        #expect(wrong.status != 0 && wrong.stderr.contains("refused the login"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("USAGE"))
        // Found through the owner record, with the password from the environment.
        let found = try await SharpProcess.run(["db", "sql", "--path", path, "SELECT 6 * 7 AS answer"],
                                                environment: ["SHARP_SERVER_PASSWORD": "s3cret pass"], timeout: 120)
        #expect(found.status == 0 && found.stdout.contains("42") && found.stderr.contains("going through the owner"), "\(found.stdout) \(found.stderr)")

        owner.process.terminate()
        #expect(await owner.exit() == 0, "\(owner.errors.withLock { $0 })")
    }
}
