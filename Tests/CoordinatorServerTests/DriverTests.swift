import CoordinatorServer
import Foundation
import Testing

/// The drivers applications use, from their real packages: psycopg2 and asyncpg (PyPI, in the
/// test venv) and JDBC (Debian's pgjdbc, driving a Java program compiled at test time). Each
/// connects (answering whatever it asks on connect), round-trips the mapped types and NULLs
/// through bound parameters, sees an error then a good query, and runs a transaction. Every
/// process is killed if it overruns.
@Suite(.serialized) struct DriverTests {
    static let create = """
        CREATE TABLE types (b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE, n DECIMAL(12,3), t VARCHAR,
          d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, bl BLOB, u UUID)
        """

    @Test func psycopg2() async throws {
        let server = try await RunningServer.start()
        let result = try await TestVenv.run(#"""
            import sys, datetime, decimal, uuid, psycopg2, psycopg2.extras
            psycopg2.extras.register_uuid()
            conn = psycopg2.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", dbname="main", connect_timeout=30, sslmode="disable")
            conn.autocommit = True
            cur = conn.cursor()
            cur.execute(sys.argv[2])
            row = (True, 3, 70000, 2**40, 1.5, 2.25, decimal.Decimal("1234.567"), "h'éllo", datetime.date(2025, 6, 17),
                   datetime.datetime(2025, 6, 17, 23, 5, 1, 250000), datetime.datetime(2025, 6, 17, 23, 5, tzinfo=datetime.timezone.utc),
                   datetime.timedelta(days=2, seconds=3600, microseconds=5), b"\x00\xffab", uuid.UUID("12345678-1234-5678-1234-567812345678"))
            insert = "INSERT INTO types VALUES (" + ",".join(["%s"] * 14) + ")"
            cur.execute(insert, row)
            cur.execute(insert, [None] * 14)
            cur.execute("SELECT * FROM types ORDER BY i4 NULLS LAST")
            got = cur.fetchall()
            first = tuple(bytes(v) if isinstance(v, memoryview) else v for v in got[0])
            print("types", "ok" if first == row else f"MISMATCH {first!r}")
            print("nulls", "ok" if got[1] == (None,) * 14 else f"MISMATCH {got[1]!r}")
            try:
                cur.execute("SELECT * FROM nope WHERE x = %s", (1,))
            except psycopg2.Error as e:
                print("error", e.pgcode)
            cur.execute("SELECT %s + 1 AS x", (41,))
            print("after", cur.fetchone()[0])
            conn.autocommit = False
            cur.execute("INSERT INTO types (i4) VALUES (%s)", (5,))
            conn.rollback()
            cur.execute("INSERT INTO types (i4) VALUES (%s)", (6,))
            conn.commit()
            cur.execute("SELECT count(*) FILTER (WHERE i4 = 5), count(*) FILTER (WHERE i4 = 6) FROM types")
            print("transaction", *cur.fetchone())
            conn.close()
            """#, [String(server.port), Self.create], in: server.folder)
        for line in ["types ok", "nulls ok", "error 42P01", "after 42", "transaction 0 1"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    @Test func asyncpg() async throws {
        let server = try await RunningServer.start()
        let result = try await TestVenv.run(#"""
            import asyncio, sys, datetime, decimal, uuid, asyncpg
            async def main():
                conn = await asyncpg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", database="main", ssl=False, timeout=30,
                                             command_timeout=30)
                await conn.execute(sys.argv[2])
                row = (True, 3, 70000, 2**40, 1.5, 2.25, decimal.Decimal("1234.567"), "héllo", datetime.date(2025, 6, 17),
                       datetime.datetime(2025, 6, 17, 23, 5, 1, 250000), datetime.datetime(2025, 6, 17, 23, 5, tzinfo=datetime.timezone.utc),
                       datetime.timedelta(days=2, seconds=3600, microseconds=5), b"\x00\xffab", uuid.UUID("12345678-1234-5678-1234-567812345678"))
                insert = "INSERT INTO types VALUES (" + ",".join(f"${i + 1}" for i in range(14)) + ")"
                await conn.execute(insert, *row)
                await conn.execute(insert, *([None] * 14))
                got = await conn.fetch("SELECT * FROM types ORDER BY i4 NULLS LAST")
                print("types", "ok" if tuple(got[0]) == row else f"MISMATCH {tuple(got[0])!r}")
                print("nulls", "ok" if tuple(got[1]) == (None,) * 14 else f"MISMATCH {tuple(got[1])!r}")
                print("bound", await conn.fetchval("SELECT count(*) FROM types WHERE tz = $1 AND iv = $2 AND u = $3", row[10], row[11], row[13]))
                try:
                    await conn.fetch("SELECT * FROM nope WHERE x = $1", 1)
                except asyncpg.PostgresError as e:
                    print("error", e.sqlstate)
                print("after", await conn.fetchval("SELECT $1::INTEGER + 1", 41))
                try:
                    async with conn.transaction():
                        await conn.execute("INSERT INTO types (i4) VALUES ($1)", 5)
                        raise RuntimeError("undo")
                except RuntimeError:
                    pass
                async with conn.transaction():
                    await conn.execute("INSERT INTO types (i4) VALUES ($1)", 6)
                print("transaction", *(await conn.fetchrow("SELECT count(*) FILTER (WHERE i4 = 5), count(*) FILTER (WHERE i4 = 6) FROM types")))
                await conn.close(timeout=30)
            asyncio.run(main())
            """#, [String(server.port), Self.create], in: server.folder)
        for line in ["types ok", "nulls ok", "bound 1", "error 42P01", "after 42", "transaction 0 1"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    @Test func jdbc() async throws {
        let jar = "/usr/share/java/postgresql.jar"
        try #require(FileManager.default.fileExists(atPath: jar), "Debian's libpostgresql-jdbc-java is missing: run scripts/bootstrap")
        let server = try await RunningServer.start()
        let source = server.folder.appendingPathComponent("DriverCheck.java")
        try Self.java.write(to: source, atomically: true, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin"]
        let compiled = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "180", "javac", "-encoding", "UTF-8", "-d", server.folder.path, source.path],
                                                   environment: environment, stdin: "", in: server.folder)
        try #require(compiled.status == 0, "javac failed: \(compiled.stderr)")
        let result = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "120", "java", "-cp", "\(jar):\(server.folder.path)",
                                                                      "DriverCheck", String(server.port), Self.create],
                                                 environment: environment, stdin: "", in: server.folder)
        for line in ["types ok", "nulls ok", "error 42P01", "after 42", "transaction 0 1", "metadata types"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    static let java = #"""
    import java.math.BigDecimal;
    import java.sql.*;
    import java.time.*;
    import java.util.*;

    public class DriverCheck {
        public static void main(String[] args) throws Exception {
            Properties props = new Properties();
            props.setProperty("user", "sharp");
            props.setProperty("sslmode", "disable");
            props.setProperty("connectTimeout", "30");
            props.setProperty("socketTimeout", "60");
            props.setProperty("prepareThreshold", "1");
            try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + args[0] + "/main", props)) {
                try (Statement st = conn.createStatement()) { st.execute(args[1]); }
                Object[] row = { true, (short) 3, 70000, 1L << 40, 1.5f, 2.25d, new BigDecimal("1234.567"), "héllo",
                    LocalDate.of(2025, 6, 17), LocalDateTime.of(2025, 6, 17, 23, 5, 1, 250_000_000),
                    OffsetDateTime.of(2025, 6, 17, 23, 5, 0, 0, ZoneOffset.UTC), new byte[] { 0, (byte) 255, 'a', 'b' },
                    UUID.fromString("12345678-1234-5678-1234-567812345678") };
                String insert = "INSERT INTO types (b, i2, i4, i8, f4, f8, n, t, d, ts, tz, bl, u) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
                for (int round = 0; round < 2; round++) { // the second round runs the server-prepared statement
                    try (PreparedStatement ps = conn.prepareStatement(insert)) {
                        for (int i = 0; i < row.length; i++) {
                            if (round == 1) ps.setNull(i + 1, typeOf(row[i])); else ps.setObject(i + 1, row[i]);
                        }
                        ps.executeUpdate();
                    }
                }
                try (Statement st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT b, i2, i4, i8, f4, f8, n, t, d, ts, tz, bl, u FROM types ORDER BY i4 NULLS LAST")) {
                    rs.next();
                    boolean same = rs.getBoolean(1) && rs.getShort(2) == 3 && rs.getInt(3) == 70000 && rs.getLong(4) == (1L << 40)
                        && rs.getFloat(5) == 1.5f && rs.getDouble(6) == 2.25d && rs.getBigDecimal(7).compareTo(new BigDecimal("1234.567")) == 0
                        && rs.getString(8).equals("héllo") && rs.getObject(9, LocalDate.class).equals(row[8])
                        && rs.getObject(10, LocalDateTime.class).equals(row[9])
                        && rs.getObject(11, OffsetDateTime.class).toInstant().equals(((OffsetDateTime) row[10]).toInstant())
                        && Arrays.equals(rs.getBytes(12), (byte[]) row[11]) && rs.getObject(13).equals(row[12]);
                    System.out.println("types " + (same ? "ok" : "MISMATCH " + describe(rs)));
                    rs.next();
                    boolean nulls = true;
                    for (int i = 1; i <= 13; i++) { rs.getObject(i); nulls &= rs.wasNull(); }
                    System.out.println("nulls " + (nulls ? "ok" : "MISMATCH " + describe(rs)));
                }
                try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM nope WHERE x = ?")) {
                    ps.setInt(1, 1);
                    ps.executeQuery();
                } catch (SQLException e) {
                    System.out.println("error " + e.getSQLState());
                }
                try (PreparedStatement ps = conn.prepareStatement("SELECT CAST(? AS INTEGER) + 1")) {
                    ps.setInt(1, 41);
                    try (ResultSet rs = ps.executeQuery()) { rs.next(); System.out.println("after " + rs.getInt(1)); }
                }
                conn.setAutoCommit(false);
                try (PreparedStatement ps = conn.prepareStatement("INSERT INTO types (i4) VALUES (?)")) {
                    ps.setInt(1, 5); ps.executeUpdate(); conn.rollback();
                    ps.setInt(1, 6); ps.executeUpdate(); conn.commit();
                }
                conn.setAutoCommit(true);
                try (Statement st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE i4 = 5), count(*) FILTER (WHERE i4 = 6) FROM types")) {
                    rs.next();
                    System.out.println("transaction " + rs.getLong(1) + " " + rs.getLong(2));
                }
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT n, tz, u FROM types LIMIT 1")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    System.out.println("metadata types " + meta.getColumnTypeName(1) + " " + meta.getColumnTypeName(2) + " " + meta.getColumnTypeName(3));
                }
            }
        }

        static int typeOf(Object value) {
            if (value instanceof Boolean) return Types.BOOLEAN;
            if (value instanceof Short) return Types.SMALLINT;
            if (value instanceof Integer) return Types.INTEGER;
            if (value instanceof Long) return Types.BIGINT;
            if (value instanceof Float) return Types.REAL;
            if (value instanceof Double) return Types.DOUBLE;
            if (value instanceof BigDecimal) return Types.NUMERIC;
            if (value instanceof String) return Types.VARCHAR;
            if (value instanceof LocalDate) return Types.DATE;
            if (value instanceof LocalDateTime) return Types.TIMESTAMP;
            if (value instanceof OffsetDateTime) return Types.TIMESTAMP_WITH_TIMEZONE;
            if (value instanceof byte[]) return Types.BINARY;
            return Types.OTHER;
        }

        static String describe(ResultSet rs) throws SQLException {
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= 13; i++) text.append(rs.getObject(i)).append(", ");
            return text.toString();
        }
    }
    """#
}
