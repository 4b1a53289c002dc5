import DuckDBKit
import Foundation
import SharpBetting
import Testing

/// A write a client saw acknowledged survives a SIGKILL of `sharp serve`: psql sends numbered
/// INSERTs one after another through the Unix socket and prints `INSERT 0 1` for each; the test
/// kills the server at a seeded moment, reopens the file and checks every acknowledged id is
/// there, and that what is stored is exactly the first ids (at most one more than was
/// acknowledged: the INSERT in flight may have committed before its answer was lost).
@Suite(.serialized) struct ServeKillTests {
    @Test(arguments: [UInt64(1), 2])
    func clientAcknowledgedInsertsSurviveSIGKILL(seed: UInt64) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("servekill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("served.duckdb").path
        let server = try ServeCommandTests.Server(["--path", path, "--port", "0"])
        guard let (port, _) = await server.ready() else {
            Issue.record("sharp serve did not get ready: \(server.errors.withLock { $0 })")
            server.process.terminate()
            return
        }
        let psqlArguments = ["-X", "-h", folder.path, "-p", String(port)]
        let create = try await SharpProcess.runExecutable("/usr/bin/psql", psqlArguments + ["-c", "CREATE TABLE acked (id INTEGER)"])
        try #require(create.status == 0, "\(create.stderr)")
        let total = 4_000
        let script = folder.appendingPathComponent("inserts.sql")
        try (0..<total).map { "INSERT INTO acked VALUES (\($0));" }.joined(separator: "\n").write(to: script, atomically: true, encoding: .utf8)
        var random = SplitMix64(seed: seed)
        let killAfter = 300 + Int(random.next() % 2_000)
        let serverPID = server.process.processIdentifier
        let acknowledged = try await onOwnThread { () throws -> Int in
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            psql.arguments = psqlArguments + ["-f", script.path]
            let out = Pipe()
            psql.standardOutput = out
            psql.standardError = FileHandle.nullDevice
            try psql.run()
            var acks = 0, killed = false, pending = Data()
            while true {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    if pending[pending.startIndex..<newline].elementsEqual("INSERT 0 1".utf8) { acks += 1 }
                    pending.removeSubrange(pending.startIndex...newline)
                }
                if !killed, acks >= killAfter {
                    kill(serverPID, SIGKILL)
                    killed = true
                }
            }
            psql.waitUntilExit()
            if !killed { kill(serverPID, SIGKILL) }
            return acks
        }
        #expect(await server.exit() == SIGKILL)
        #expect(acknowledged >= killAfter && acknowledged < total, "acknowledged \(acknowledged) of \(total)")
        let database = try Database(path: path)
        defer { database.close() }
        let connection = try database.connect()
        defer { connection.close() }
        let stored = try connection.query("SELECT id FROM acked ORDER BY id").map { try $0["id", as: Int.self] }
        #expect(stored.count >= acknowledged && stored.count <= acknowledged + 1, "\(stored.count) stored, \(acknowledged) acknowledged")
        #expect(stored == Array(0..<stored.count), "stored ids are not exactly the first ones")
        print("serve kill seed \(seed): SIGKILL after \(acknowledged) client-acknowledged INSERTs, \(stored.count) stored, 0 lost")
    }
}
