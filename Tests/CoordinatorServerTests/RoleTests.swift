@testable import CoordinatorServer
import Foundation
import Testing

/// Roles and the server's files: each role's refusals (SQLSTATE 42501, naming the role needed)
/// on every path to a file, an extension or a setting, with DuckDB's own guard on (nobody is
/// admin) and off (an admin is configured, so the server's statement checks hold the line);
/// `current_user` is the login. Real sockets, a real DuckDB file, a real CSV on the server.
@Suite(.serialized) struct RoleTests {
    /// A raw client that logs in as argv[2] and prints `label code` per statement.
    static let client = pythonClient + #"""

        def login(user):
            s = socket.create_connection(("127.0.0.1", PORT))
            body = struct.pack("!i", 196608) + b"user\0" + user.encode() + b"\0database\0main\0\0"
            s.sendall(struct.pack("!i", len(body) + 4) + body)
            msgs = read_until(s, b"Z")
            return s

        def message(msgs):
            for t, body in msgs:
                if t == b"E":
                    for field in body.split(b"\0"):
                        if field[:1] == b"M": return field[1:].decode()
            return ""

        def run(s, label, sql):
            q = sql.encode() + b"\0"
            s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
            msgs = read_until(s, b"Z")
            rows = [b for t, b in msgs if t == b"D"]
            code = error_code(msgs)
            print(label, code or "ok", message(msgs) if code else (rows[0][6:].decode(errors="replace") if rows else ""))
        """#

    /// A CSV file on the server's disk that no session below admin may read.
    static func secretFile(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("secret.csv").path
        try "name,code\nlaunch,TOPSECRET\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Every path to the server's files, run by one session; each must be refused.
    static func fileProbes(_ csv: String, folder: URL) -> String {
        let out = folder.appendingPathComponent("out.csv").path
        return """
            run(s, "read_text", "SELECT content FROM read_text('\(csv)')")
            run(s, "read_csv", "SELECT * FROM read_csv('\(csv)')")
            run(s, "glob", "SELECT * FROM glob('\(folder.path)/*')")
            run(s, "replacement_string", "SELECT * FROM '\(csv)'")
            run(s, "replacement_quoted", "SELECT * FROM \\"\(csv)\\"")
            run(s, "replacement_in_subquery", "SELECT count(*) FROM (SELECT * FROM '\(csv)') AS x")
            run(s, "copy_to_file", "COPY (SELECT 42) TO '\(out)'")
            run(s, "copy_from_file", "COPY t FROM '\(csv)'")
            run(s, "attach", "ATTACH '\(folder.path)/other.duckdb' AS other")
            run(s, "install", "INSTALL httpfs")
            run(s, "load", "LOAD '\(folder.path)/x.duckdb_extension'")
            run(s, "pragma_setting", "PRAGMA threads=1")
            run(s, "set_global", "SET GLOBAL threads = 1")
            run(s, "export", "EXPORT DATABASE '\(folder.path)/export'")
            """
    }

    static let probeLabels = ["read_text", "read_csv", "glob", "replacement_string", "replacement_quoted", "replacement_in_subquery",
                              "copy_to_file", "copy_from_file", "attach", "install", "load", "pragma_setting", "set_global", "export"]

    @Test func withoutAnAdminDuckDBsGuardRefusesEveryPathToTheServersFiles() async throws {
        let server = try await RunningServer.start()
        let csv = try Self.secretFile(in: server.folder)
        let result = try await server.python(Self.client + """

            s = login("alice")
            run(s, "create", "CREATE TABLE t (name VARCHAR, code VARCHAR)")
            \(Self.fileProbes(csv, folder: server.folder))
            run(s, "insert", "INSERT INTO t VALUES ('a', 'b')")
            run(s, "who", "SELECT current_user || ' ' || session_user")
            run(s, "superuser", "SHOW is_superuser")
            """)
        #expect(result.status == 0, "\(result.stderr)")
        for label in Self.probeLabels {
            #expect(result.stdout.contains("\(label) 42501"), "\(label) not refused with 42501: \(result.stdout)")
        }
        #expect(!result.stdout.contains("TOPSECRET"), "\(result.stdout)")
        #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("out.csv").path))
        for line in ["create ok", "insert ok", "who ok alice alice", "superuser ok off"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        #expect(result.stdout.contains("set_global 42501 permission denied: SET GLOBAL changes the server's settings, which needs the admin role"),
                "\(result.stdout)")
        await server.stop()
    }

    @Test func theReadRoleReadsAndDuckDBRefusesEveryWrite() async throws {
        let server = try await RunningServer.start { $0.users = [ServerUser(name: "owner"), ServerUser(name: "reader", role: .read)] }
        let result = try await server.python(Self.client + """

            w = login("owner")
            run(w, "setup", "CREATE TABLE t (id INTEGER, name VARCHAR); CREATE SEQUENCE seq; INSERT INTO t VALUES (1, 'one')")
            s = login("reader")
            run(s, "select", "SELECT name FROM t")
            run(s, "insert", "INSERT INTO t VALUES (2, 'two')")
            run(s, "delete", "DELETE FROM t")
            run(s, "create", "CREATE TABLE u (a INTEGER)")
            run(s, "cte_delete", "WITH x AS (SELECT 1) DELETE FROM t")
            run(s, "nextval", "SELECT nextval('seq')")
            run(s, "explain_analyze", "EXPLAIN ANALYZE DELETE FROM t")
            run(s, "copy_in", "COPY t FROM STDIN")
            run(s, "begin", "BEGIN")
            run(s, "in_tx_select", "SELECT count(*)::VARCHAR FROM t")
            run(s, "in_tx_update", "UPDATE t SET name = 'x'")
            run(s, "rollback", "ROLLBACK")
            run(s, "after", "SELECT name FROM t")
            run(s, "show", "SHOW sharp.priority")
            """)
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["setup ok", "select ok one", "begin ok", "in_tx_select ok 1", "after ok one", "show ok normal",
                     "insert 42501 permission denied: INSERT writes, which needs the write role (user \"reader\" has the read role)",
                     "delete 42501", "create 42501", "cte_delete 42501", "nextval 42501", "explain_analyze 42501", "copy_in 42501",
                     "in_tx_update 42501"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        let rows = try await server.db.read("SELECT count(*) AS n FROM t")
        #expect(try rows[0]["n", as: Int.self] == 1)
        await server.stop()
    }

    /// With an admin configured DuckDB's guard must stay off (it could not be turned back on
    /// for the admin): the server's own checks refuse the same paths to the other roles, in
    /// simple and extended query (asyncpg prepares, and Describe would already bind), while
    /// the admin reads and writes the server's files.
    @Test func withAnAdminTheStatementChecksRefuseTheOthersAndTheAdminReachesFiles() async throws {
        let server = try await RunningServer.start {
            $0.users = [ServerUser(name: "root", role: .admin), ServerUser(name: "alice"), ServerUser(name: "bob", role: .read)]
        }
        let csv = try Self.secretFile(in: server.folder)
        let out = server.folder.appendingPathComponent("admin-out.csv").path
        let result = try await server.python(Self.client + """

            r = login("root")
            run(r, "root_create", "CREATE TABLE t (name VARCHAR, code VARCHAR)")
            for user in ("alice", "bob"):
                s = login(user)
                print("as", user)
                \(Self.fileProbes(csv, folder: server.folder).replacingOccurrences(of: "\n", with: "\n    "))
                run(s, "unquoted_replacement", "SELECT * FROM secret.csv")
            run(r, "root_read", "SELECT code FROM read_csv('\(csv)')")
            run(r, "root_copy", "COPY (SELECT 'from admin') TO '\(out)'")
            run(r, "root_super", "SHOW is_superuser")
            """)
        #expect(result.status == 0, "\(result.stderr)")
        let sessions = result.stdout.components(separatedBy: "root_read").first ?? ""
        let sections = sessions.components(separatedBy: "as bob")
        #expect(sections.count == 2, "\(result.stdout)")
        for (user, section) in zip(["alice", "bob"], sections) {
            for label in Self.probeLabels + ["unquoted_replacement"] {
                #expect(section.contains("\(label) 42501"), "\(user): \(label) not refused: \(section)")
            }
            #expect(section.contains("which needs the admin role (user \"\(user)\""), "\(section)")
            #expect(!section.contains("TOPSECRET"), "\(section)")
        }
        for line in ["root_create ok", "root_read ok TOPSECRET", "root_copy ok", "root_super ok on"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        #expect((try? String(contentsOfFile: out, encoding: .utf8))?.contains("from admin") == true)

        let asyncpg = try await TestVenv.run(#"""
            import asyncio, sys, asyncpg
            async def main():
                conn = await asyncpg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="alice", database="main", ssl=False, timeout=30)
                for label, sql, args in (("prepared_read_csv", "SELECT * FROM read_csv($1)", (sys.argv[2],)),
                                         ("prepared_replacement", f"SELECT * FROM '{sys.argv[2]}' WHERE name = $1", ("launch",))):
                    try:
                        print(label, await conn.fetch(sql, *args, timeout=30))
                    except asyncpg.PostgresError as e:
                        print(label, e.sqlstate)
                print("who", await conn.fetchval("SELECT current_user", timeout=30))
                await conn.close(timeout=30)
            asyncio.run(main())
            """#, [String(server.port), csv], in: server.folder)
        for line in ["prepared_read_csv 42501", "prepared_replacement 42501", "who alice"] {
            #expect(asyncpg.stdout.contains(line), "missing '\(line)' in \(asyncpg.stdout) \(asyncpg.stderr)")
        }
        await server.stop()
    }

    @Test func statementChecksFindFilesWhereverTheyAreNamed() {
        let refused = [
            "SELECT * FROM read_parquet('x.parquet')", "select * from READ_CSV_AUTO('a')", "SELECT 1 FROM t JOIN 'b.csv' ON true",
            "SELECT * FROM t, \"data.json\"", "FROM 'f.tsv' SELECT *", "SELECT * FROM x.csv", "SELECT * FROM dir.\"f.csv.gz\"",
            "INSERT INTO t SELECT * FROM 'f.csv'", "CREATE TABLE u AS SELECT * FROM '/etc/hosts'", "DESCRIBE 'f.csv'",
            "SUMMARIZE x.parquet", "COPY t TO 'f.csv'", "COPY t FROM '/tmp/f.csv' (FORMAT csv)", "ATTACH 'f.db'", "DETACH f",
            "INSTALL httpfs", "FORCE INSTALL x", "LOAD icu", "PRAGMA threads = 1", "CALL pragma_something()",
            "CREATE SECRET s (TYPE s3)", "SELECT getenv('HOME')", "SELECT * FROM query('SELECT 1')",
            "DELETE FROM t USING 'f.csv' AS f WHERE t.id = f.id", "SELECT * FROM (SELECT * FROM (FROM 'f.csv'))",
            "SELECT * FROM 's3://bucket/key'",
        ]
        for sql in refused {
            #expect(StatementAuthorization.fileAccess(in: sql) != nil, "not refused: \(sql)")
        }
        let allowed = [
            "SELECT * FROM games WHERE home = 'f.csv'", "SELECT * FROM main.games", "COPY t FROM STDIN", "COPY t TO STDOUT (FORMAT csv)",
            "COPY (SELECT * FROM t) TO STDOUT", "SELECT extract(epoch FROM ts) FROM t", "PRAGMA table_info('games')",
            "CALL pragma_table_info('games')", "SELECT 'read_csv(' AS x", "SELECT * FROM t JOIN u USING (id)",
            "INSERT INTO t VALUES ('/etc/passwd')", "SELECT * FROM \"Games\"", "UPDATE t SET a = 1 FROM u WHERE t.id = u.id",
        ]
        for sql in allowed {
            #expect(StatementAuthorization.fileAccess(in: sql) == nil, "refused: \(sql) (\(StatementAuthorization.fileAccess(in: sql) ?? ""))")
        }
    }

    @Test func usersFileLinesCarryRoles() throws {
        let users = try ServerUser.parseList("read bob\nadmin ops:pa ss:word\nalice:pw\nwrite carol\n")
        #expect(users == [ServerUser(name: "bob", role: .read), ServerUser(name: "ops", password: "pa ss:word", role: .admin),
                          ServerUser(name: "alice", password: "pw"), ServerUser(name: "carol")])
        #expect(throws: ServerConfigurationError.self) { try ServerUser.parseList("reader bob\n") }
        #expect(ServerConfiguration(users: users).grantsAdmin)
        #expect(ServerConfiguration(users: [ServerUser(name: "a")]).locksDownDuckDB)
        #expect(ServerConfiguration(defaultRole: .admin).grantsAdmin && !ServerConfiguration(defaultRole: .admin).locksDownDuckDB)
        #expect(!ServerConfiguration(disablesExternalAccess: false).locksDownDuckDB)
    }
}
