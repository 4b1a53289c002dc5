@testable import CoordinatorServer
import Foundation
import Testing

/// What tools send, from the tools themselves: pgbench's initialisation (a DROP and a TRUNCATE
/// of several tables, storage parameters, VACUUM ANALYZE, primary keys added later, COPY in a
/// transaction), its catalog probe for pgbench_accounts (pg_inherits, pg_partitioned_table,
/// current_schemas, array_position), then its built-in TPC-B and select-only scripts with 4
/// clients and zero failed transactions, in simple, extended and prepared mode (untyped
/// parameters in arithmetic: `abalance + $1`).
@Suite(.serialized) struct ToolCompatibilityTests {
    static let pgbench = "/usr/bin/pgbench"

    func pgbench(_ server: RunningServer, _ arguments: [String]) async throws -> ProcessOutput {
        try await ProcessOutput.run(Self.pgbench, ["-h", "127.0.0.1", "-p", String(server.port), "-U", "sharp"] + arguments + ["main"],
                                    environment: ["PATH": "/usr/bin:/bin", "PGCONNECT_TIMEOUT": "60"], stdin: "", in: server.folder)
    }

    /// "number of failed transactions: 0" and all `expected` transactions processed.
    func ranClean(_ output: ProcessOutput, expected: Int) -> Bool {
        output.status == 0 && output.stdout.contains("number of transactions actually processed: \(expected)/\(expected)")
            && output.stdout.contains("number of failed transactions: 0 (0.000%)")
    }

    @Test func pgbenchInitialisesThenRunsTPCBAndSelectOnlyWithoutFailures() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.pgbench), "pgbench is missing: install Debian's postgresql (scripts/bootstrap)")
        let server = try await RunningServer.start()
        let initialised = try await pgbench(server, ["-i", "-s", "1"])
        #expect(initialised.status == 0, "\(initialised.stdout) \(initialised.stderr)")
        #expect(initialised.stderr.contains("done in"), "\(initialised.stderr)")
        let counts = try await server.db.read("""
            SELECT (SELECT count(*) FROM pgbench_accounts) AS accounts, (SELECT count(*) FROM pgbench_tellers) AS tellers,
              (SELECT count(*) FROM pgbench_branches) AS branches,
              (SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY' AND table_name LIKE 'pgbench_%') AS keys
            """)
        #expect(try counts[0]["accounts", as: Int.self] == 100_000 && counts[0]["tellers", as: Int.self] == 10)
        #expect(try counts[0]["branches", as: Int.self] == 1 && counts[0]["keys", as: Int.self] == 3)

        for mode in ["simple", "extended", "prepared"] {
            let tpcb = try await pgbench(server, ["-c", "4", "-j", "2", "-t", "25", "-M", mode])
            #expect(ranClean(tpcb, expected: 100), "TPC-B -M \(mode): \(tpcb.stdout) \(tpcb.stderr)")
            if mode == "simple" {
                // Every transaction landed once (pgbench empties the history before each run):
                // 100 history rows, and the accounts' and branches' balances add up to them.
                let ledger = try await server.db.read("""
                    SELECT (SELECT count(*) FROM pgbench_history) AS history,
                      (SELECT sum(abalance) FROM pgbench_accounts) = (SELECT sum(delta) FROM pgbench_history) AS accounts_agree,
                      (SELECT sum(bbalance) FROM pgbench_branches) = (SELECT sum(delta) FROM pgbench_history) AS branches_agree
                    """)
                #expect(try ledger[0]["history", as: Int.self] == 100)
                #expect(try ledger[0]["accounts_agree", as: Bool.self] && ledger[0]["branches_agree", as: Bool.self])
            }
            let select = try await pgbench(server, ["-S", "-c", "4", "-j", "2", "-t", "50", "-M", mode])
            #expect(ranClean(select, expected: 200), "select-only -M \(mode): \(select.stdout) \(select.stderr)")
        }
        await server.stop()
    }

    /// JDBC's metadata calls as DBeaver's navigator makes them, and a prepared batch.
    @Test func jdbcMetadataAndAPreparedBatch() async throws {
        let jar = "/usr/share/java/postgresql.jar"
        try #require(FileManager.default.fileExists(atPath: jar), "Debian's libpostgresql-jdbc-java is missing: run scripts/bootstrap")
        let server = try await RunningServer.start()
        _ = try await server.db.immediateWrite(
            "CREATE TABLE jdbc_t (id BIGINT, book VARCHAR NOT NULL, price DECIMAL(7,2), seen TIMESTAMPTZ, PRIMARY KEY (id, book))")
        _ = try await server.db.immediateWrite("CREATE VIEW jdbc_v AS SELECT id FROM jdbc_t")
        let source = server.folder.appendingPathComponent("MetadataCheck.java")
        try Self.java.write(to: source, atomically: true, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin"]
        let compiled = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "180", "javac", "-encoding", "UTF-8", "-d", server.folder.path, source.path],
                                                   environment: environment, stdin: "", in: server.folder)
        try #require(compiled.status == 0, "javac failed: \(compiled.stderr)")
        let result = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "120", "java", "-cp", "\(jar):\(server.folder.path)",
                                                                      "MetadataCheck", String(server.port)],
                                                 environment: environment, stdin: "", in: server.folder)
        for line in ["tables main.jdbc_t TABLE", "views main.jdbc_v VIEW", "all 2",
                     "column id int8 1 nullable=0", "column book varchar 2 nullable=0", "column price numeric 3 nullable=1 size=7 digits=2",
                     "column seen timestamptz 4 nullable=1", "key id 1", "key book 2", "batch [1, 1, 1] rows 3"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    static let java = #"""
    import java.sql.*;
    import java.util.*;

    public class MetadataCheck {
        public static void main(String[] args) throws Exception {
            Properties props = new Properties();
            props.setProperty("user", "sharp");
            props.setProperty("sslmode", "disable");
            props.setProperty("connectTimeout", "30");
            props.setProperty("socketTimeout", "60");
            try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + args[0] + "/main", props)) {
                DatabaseMetaData meta = conn.getMetaData();
                try (ResultSet rs = meta.getTables(null, null, "jdbc_t", null)) {
                    while (rs.next()) System.out.println("tables " + rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE"));
                }
                try (ResultSet rs = meta.getTables(null, "main", "jdbc%", new String[] { "VIEW" })) {
                    while (rs.next()) System.out.println("views " + rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " " + rs.getString("TABLE_TYPE"));
                }
                int all = 0;
                try (ResultSet rs = meta.getTables(null, null, "jdbc_%", new String[] { "TABLE", "VIEW" })) { while (rs.next()) all++; }
                System.out.println("all " + all);
                try (ResultSet rs = meta.getColumns(null, null, "jdbc_t", null)) {
                    while (rs.next()) {
                        String line = "column " + rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME") + " " + rs.getInt("ORDINAL_POSITION")
                            + " nullable=" + rs.getInt("NULLABLE");
                        if (rs.getString("TYPE_NAME").equals("numeric")) line += " size=" + rs.getInt("COLUMN_SIZE") + " digits=" + rs.getInt("DECIMAL_DIGITS");
                        System.out.println(line);
                    }
                }
                try (ResultSet rs = meta.getPrimaryKeys(null, "main", "jdbc_t")) {
                    while (rs.next()) System.out.println("key " + rs.getString("COLUMN_NAME") + " " + rs.getInt("KEY_SEQ"));
                }
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO jdbc_t (id, book, price) VALUES (?, ?, ?)")) {
                    for (int i = 1; i <= 3; i++) {
                        ps.setLong(1, i); ps.setString(2, "book" + i); ps.setBigDecimal(3, new java.math.BigDecimal("1.50"));
                        ps.addBatch();
                    }
                    int[] counts = ps.executeBatch();
                    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM jdbc_t")) {
                        rs.next();
                        System.out.println("batch " + Arrays.toString(counts) + " rows " + rs.getLong(1));
                    }
                }
            }
        }
    }
    """#

    @Test func severalObjectsInOneDropOrTruncateAndStorageParameters() async throws {
        let drop = PostgresDDL.rewrite("drop table if exists a, \"B c\", main.d cascade")
        #expect(drop?.statements == ["DROP TABLE IF EXISTS a CASCADE", "DROP TABLE IF EXISTS \"B c\" CASCADE", "DROP TABLE IF EXISTS main.d CASCADE"])
        #expect(PostgresDDL.rewrite("DROP TABLE a") == nil)
        #expect(PostgresDDL.rewrite("truncate table a, b restart identity")?.statements == ["TRUNCATE TABLE a", "TRUNCATE TABLE b"])
        #expect(PostgresDDL.rewrite("TRUNCATE a")?.statements == nil)
        let create = PostgresDDL.rewrite("create table t (id int, f char(84)) with (fillfactor=100)")
        #expect(create?.statements == ["create table t (id int, f char(84))"] && create?.notice?.contains("fillfactor=100") == true)
        #expect(PostgresDDL.rewrite("CREATE TABLE t AS WITH x AS (SELECT 1) SELECT * FROM x") == nil)

        let server = try await RunningServer.start()
        let ran = try await server.psql(["-c", "CREATE TABLE a (id INTEGER) WITH (fillfactor = 70)", "-c", "CREATE TABLE b (id INTEGER)",
                                         "-c", "INSERT INTO a VALUES (1)", "-c", "INSERT INTO b VALUES (2)",
                                         "-c", "TRUNCATE a, b", "-c", "SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) AS left",
                                         "-c", "DROP TABLE a, b", "-c", "VACUUM", "-c", "ANALYZE",
                                         "-c", "SELECT count(*) AS tables FROM duckdb_tables() WHERE table_name IN ('a', 'b')"])
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stderr.contains("NOTICE:  00000: storage parameters ignored"), "\(ran.stderr)")
        #expect(ran.stdout.contains("TRUNCATE TABLE") && ran.stdout.contains("DROP TABLE") && ran.stdout.contains("VACUUM"), "\(ran.stdout)")
        #expect(ran.stdout.components(separatedBy: "\n").filter { $0.trimmingCharacters(in: .whitespaces) == "0" }.count == 2, "\(ran.stdout)")
        await server.stop()
    }
}
