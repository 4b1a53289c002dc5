import CoordinatorServer
import Foundation
import Testing

/// Logins with real clients: MD5 for old clients (psql, asyncpg), configured user lists with
/// their own passwords (asyncpg), and unlisted users refused — 28P01 with passwords, 28000
/// without — while a logged-in client keeps working.
@Suite struct LoginTests {
    @Test func md5PasswordWhenAllowed() async throws {
        let server = try await RunningServer.start { $0.password = "md5 secret"; $0.allowMD5Password = true }
        let good = try await server.psql(["-A", "-t", "-c", "SELECT 40 + 2"], password: "md5 secret", sslMode: "disable")
        #expect(good.status == 0 && good.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "42", "\(good.stderr)")
        let bad = try await server.psql(["-A", "-t", "-c", "SELECT 1"], password: "md5 guess", sslMode: "disable")
        #expect(bad.status != 0 && bad.stderr.contains("password authentication failed"), "\(bad.stderr)")
        let asyncpg = try await TestVenv.run(#"""
            import asyncio, sys, asyncpg
            async def main():
                conn = await asyncpg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", password="md5 secret",
                                             database="main", ssl=False, timeout=30)
                print("asyncpg md5", await conn.fetchval("SELECT 6 * 7", timeout=30))
                await conn.close(timeout=30)
            asyncio.run(main())
            """#, [String(server.port)], in: server.folder)
        #expect(asyncpg.stdout.contains("asyncpg md5 42"), "\(asyncpg.stdout) \(asyncpg.stderr)")
        await server.stop()
    }

    @Test func listedUsersWithTheirOwnPasswords() async throws {
        let server = try await RunningServer.start {
            $0.password = "shared"
            $0.users = [ServerUser(name: "alice", password: "alice-pw"), ServerUser(name: "bob")]
        }
        let result = try await TestVenv.run(#"""
            import asyncio, sys, asyncpg
            port = int(sys.argv[1])
            def connect(user, password):
                return asyncpg.connect(host="127.0.0.1", port=port, user=user, password=password, database="main", ssl=False, timeout=30)
            async def main():
                alice = await connect("alice", "alice-pw")
                print("alice", await alice.fetchval("SELECT 1 + 1", timeout=30))
                bob = await connect("bob", "shared")
                print("bob", await bob.fetchval("SELECT 2 + 2", timeout=30))
                for user, password in (("mallory", "shared"), ("alice", "shared"), ("bob", "alice-pw")):
                    try:
                        await connect(user, password)
                        print("admitted", user, password)
                    except asyncpg.PostgresError as e:
                        print("refused", user, e.sqlstate)
                print("alice still", await alice.fetchval("SELECT 2 + 3", timeout=30))
            asyncio.run(main())
            """#, [String(server.port)], in: server.folder)
        for line in ["alice 2", "bob 4", "refused mallory 28P01", "refused alice 28P01", "refused bob 28P01", "alice still 5"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        #expect(!result.stdout.contains("admitted"))
        // psql as a listed user, with the server's password.
        let psql = try await server.psql(["-U", "bob", "-A", "-t", "-c", "SELECT 9"], password: "shared", sslMode: "disable")
        #expect(psql.status == 0 && psql.stdout.contains("9"), "\(psql.stderr)")
        await server.stop()
    }

    @Test func unlistedUserWithoutPasswordsIsRefused28000() async throws {
        let server = try await RunningServer.start { $0.users = [ServerUser(name: "alice")] }
        let result = try await TestVenv.run(pythonClient + #"""

            def login(user):
                s = socket.create_connection(("127.0.0.1", PORT), timeout=30)
                s.settimeout(120)
                body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0main\0\0"
                s.sendall(struct.pack("!i", len(body) + 4) + body)
                return s, read_until(s, b"Z")
            alice, _ = login("alice")
            mallory, msgs = login("mallory")
            print("mallory", error_code(msgs), "closed" if closed(mallory) else "open")
            rows, err = query(alice, "SELECT 7")
            print("alice", rows[0][-1:].decode() if rows else err)
            """#, [String(server.port)], in: server.folder)
        #expect(result.stdout.contains("mallory 28000 closed"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("alice 7"), "\(result.stdout) \(result.stderr)")
        await server.stop()
    }

    @Test func configurationsThatCannotWorkAreRefused() {
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration(host: "0.0.0.0", port: 0, users: [ServerUser(name: "alice", password: "a"), ServerUser(name: "bob")]).validate()
        }
        #expect(throws: Never.self) {
            try ServerConfiguration(host: "0.0.0.0", port: 0, users: [ServerUser(name: "alice", password: "a")]).validate()
        }
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(port: 0, allowMD5Password: true).validate() }
        #expect(throws: ServerConfigurationError.self) {
            try ServerConfiguration(port: 0, password: "p", allowCleartextPassword: true, allowMD5Password: true).validate()
        }
        #expect(throws: ServerConfigurationError.self) { try ServerConfiguration(port: 0, idleInTransactionTimeout: 0).validate() }
    }

    @Test func usersFileLines() throws {
        let users = try ServerUser.parseList("# who may log in\nalice:pa:ss\n\nbob\r\n")
        #expect(users == [ServerUser(name: "alice", password: "pa:ss"), ServerUser(name: "bob")])
        #expect(throws: ServerConfigurationError.self) { try ServerUser.parseList("alice:\n") }
        #expect(throws: ServerConfigurationError.self) { try ServerUser.parseList("alice\nalice:x\n") }
        #expect(throws: ServerConfigurationError.self) { try ServerUser.parseList("# nobody\n") }
    }
}
