import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import Testing

/// RemoteCoordinator logs in to a password-protected owner over TCP with whichever method the
/// server asks for (SCRAM-SHA-256 by default, MD5 or cleartext when configured), from a
/// `postgres://user:password@host:port/db` URL; a wrong password is a clear, non-retryable error.
@Suite("RemoteCoordinator logins")
struct RemoteAuthenticationTests {
    /// A real owner on loopback TCP with `configure` applied.
    static func owner(_ configure: (inout ServerConfiguration) -> Void) async throws -> (URL, DatabaseCoordinator, CoordinatorServer, Int) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remote-auth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("test.duckdb").path)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, unixSocketDirectory: nil)
        configure(&configuration)
        let server = CoordinatorServer(coordinator: db, configuration: configuration)
        let port = try await server.start().port!
        return (folder, db, server, port)
    }

    @Test("SCRAM-SHA-256, MD5 and cleartext, each as the server asks", arguments: ["scram", "md5", "cleartext"])
    func logsInWithEachMethod(method: String) async throws {
        let (folder, db, server, port) = try await Self.owner {
            $0.users = [ServerUser(name: "writer", password: "p@ss:word")]
            $0.allowMD5Password = method == "md5"
            $0.allowCleartextPassword = method == "cleartext"
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let remote = try await RemoteCoordinator.connect(to: RemoteEndpoint(url: "postgres://writer:p%40ss%3Aword@127.0.0.1:\(port)/main"))
        try await remote.immediateWrite("CREATE TABLE t (i INTEGER)", [])
        #expect(try await remote.write("INSERT INTO t VALUES (?)", [.int(5)]) == 1)
        #expect(try await db.read("SELECT i FROM t")[0]["i", as: Int.self] == 5)
        await remote.shutdown()

        do {
            let wrong = try await RemoteCoordinator.connect(to: RemoteEndpoint(url: "postgres://writer:guess@127.0.0.1:\(port)/main"))
            await wrong.shutdown()
            Issue.record("a wrong password was accepted (\(method))")
        } catch let error as RemoteCoordinatorError {
            guard case .authenticationFailed(_, let reason) = error else {
                Issue.record("expected authenticationFailed, got \(error)")
                return
            }
            #expect(reason.contains("28P01"), "\(reason)")
            #expect(!error.isRetryable)
        }
        await server.stop()
        await db.shutdown()
    }

    @Test("without a password in the URL the login is refused with what to do")
    func noPasswordGiven() async throws {
        let (folder, db, server, port) = try await Self.owner { $0.password = "secret" }
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect {
            _ = try await RemoteCoordinator.connect(to: RemoteEndpoint(url: "postgres://sharp@127.0.0.1:\(port)/main"))
        } throws: { error in
            "\(error)".contains("--db-url")
        }
        await server.stop()
        await db.shutdown()
    }
}
