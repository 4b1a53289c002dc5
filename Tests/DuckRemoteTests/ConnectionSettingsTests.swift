import DuckRemote
import Foundation
import Testing

/// Connection URLs completed the way psql completes them: the URL first, then libpq's
/// environment, then libpq's defaults; passwords from the URL, PGPASSWORD or the password file.
@Suite struct ConnectionSettingsTests {
    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    func passFile(_ text: String, mode: Int = 0o600) throws -> String {
        let path = home.appendingPathComponent(".pgpass").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    @Test("the URL wins, the environment fills what it leaves out, libpq's defaults the rest")
    func precedence() throws {
        let environment = ["PGHOST": "db.example", "PGPORT": "6543", "PGUSER": "analyst", "PGDATABASE": "bets",
                           "PGSSLMODE": "require", "PGPASSWORD": "from-env"]
        let full = try ConnectionSettings.endpoint(url: "postgres://me:pw@10.0.0.5:5433/main?sslmode=disable",
                                                   environment: environment, home: home.path)
        #expect(full.address == .tcp(host: "10.0.0.5", port: 5433))
        #expect(full.user == "me")
        #expect(full.database == "main")
        #expect(full.password == "pw")
        #expect(full.passwordSource == "the URL")
        #expect(full.sslMode == .disable)

        let empty = try ConnectionSettings.endpoint(url: "postgres://", environment: environment, home: home.path)
        #expect(empty.address == .tcp(host: "db.example", port: 6543))
        #expect(empty.user == "analyst")
        #expect(empty.database == "bets")
        #expect(empty.password == "from-env")
        #expect(empty.passwordSource == "PGPASSWORD")
        #expect(empty.sslMode == .require)

        let bare = try ConnectionSettings.endpoint(url: "postgresql://", environment: [:], home: home.path)
        #expect(bare.address == .tcp(host: "localhost", port: 5432))
        #expect(bare.database == bare.user)
        #expect(bare.password == nil)
        #expect(bare.sslMode == .prefer)

        let socket = try ConnectionSettings.endpoint(url: "postgres:///main", environment: ["PGHOST": "/run/sharp", "PGPORT": "5433"],
                                                     home: home.path)
        #expect(socket.address == .unixSocket(path: "/run/sharp/.s.PGSQL.5433"))
        let query = try ConnectionSettings.endpoint(url: "postgres:///main?host=/srv/data&port=41000", environment: [:], home: home.path)
        #expect(query.address == .unixSocket(path: "/srv/data/.s.PGSQL.41000"))
    }

    @Test("settings that cannot be used say which one and why")
    func badSettings() {
        #expect(throws: RemoteEndpointError.self) { try ConnectionSettings.endpoint(url: "mysql://x", environment: [:]) }
        #expect { try ConnectionSettings.endpoint(url: "postgres://h", environment: ["PGSSLMODE": "sometimes"]) }
            throws: { "\($0)".contains("PGSSLMODE=sometimes") && "\($0)".contains("verify-full") }
        #expect { try ConnectionSettings.endpoint(url: "postgres://h", environment: ["PGPORT": "fifty"]) }
            throws: { "\($0)".contains("PGPORT=fifty") }
        #expect { try ConnectionSettings.endpoint(url: "postgres://h?sslmode=strict", environment: [:]) }
            throws: { "\($0)".contains("sslmode=strict") }
    }

    @Test("~/.pgpass: first matching line, wildcards, escapes, sockets as localhost; a file others can read is ignored")
    func passwordFile() throws {
        _ = try passFile("""
            # comments and blank lines are skipped

            db.example:5432:other:analyst:not-this-one
            db.example:*:bets:analyst:pa\\:ss\\\\word
            *:*:*:analyst:fallback
            localhost:5433:*:sharp:socket-secret
            """)
        let found = try ConnectionSettings.endpoint(url: "postgres://analyst@db.example:5432/bets", environment: [:], home: home.path)
        #expect(found.password == "pa:ss\\word")
        #expect(found.passwordSource == home.appendingPathComponent(".pgpass").path)
        let wildcard = try ConnectionSettings.endpoint(url: "postgres://analyst@elsewhere:1/x", environment: [:], home: home.path)
        #expect(wildcard.password == "fallback")
        let socket = try ConnectionSettings.endpoint(url: "postgres://sharp@/main?host=/srv/data&port=5433", environment: [:], home: home.path)
        #expect(socket.password == "socket-secret")
        // PGPASSWORD comes before the file; the URL before both.
        let env = try ConnectionSettings.endpoint(url: "postgres://analyst@db.example/bets", environment: ["PGPASSWORD": "env"], home: home.path)
        #expect(env.password == "env")
        // PGPASSFILE names another file.
        let other = home.appendingPathComponent("other-pass").path
        try "*:*:*:*:from-pgpassfile".write(toFile: other, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: other)
        let named = try ConnectionSettings.endpoint(url: "postgres://u@h/d", environment: ["PGPASSFILE": other], home: home.path)
        #expect(named.password == "from-pgpassfile")
        // Readable by others: ignored, and the advice says so.
        _ = try passFile("*:*:*:*:too-open", mode: 0o644)
        let open = try ConnectionSettings.endpoint(url: "postgres://u@h/d", environment: [:], home: home.path)
        #expect(open.password == nil)
        #expect(open.loginHint?.contains("chmod 600") == true)
    }
}
