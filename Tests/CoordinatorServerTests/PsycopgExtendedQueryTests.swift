import CoordinatorServer
import Foundation
import Testing

/// psycopg 3 (from PyPI, in the test venv: see ``TestVenv``) drives the extended
/// query protocol: Parse/Bind/Describe/Execute/Sync with every mapped type, in text and binary,
/// NULLs, prepared (named) statements, a transaction, and an error followed by a good query.
@Suite(.serialized) struct PsycopgExtendedQueryTests {
    @Test func typesRoundTripInTextAndBinary() async throws {
        let server = try await RunningServer.start()
        let result = try await TestVenv.run(Self.script, [String(server.port)], in: server.folder)
        #expect(result.status == 0, "\(result.stderr)")
        for line in ["text ok", "binary ok", "text nulls ok", "binary nulls ok", "prepared 42 2", "transaction 1", "error 42P01", "after 1"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout)")
        }
        await server.stop()
    }

    static let script = #"""
    import sys, psycopg, datetime, decimal, uuid
    port = int(sys.argv[1])
    row = (True, 3, 70000, 2**40, 1.5, 2.25, decimal.Decimal("1234.567"), "héllo", datetime.date(2025, 6, 17),
           datetime.datetime(2025, 6, 17, 23, 5, 1, 250000), datetime.datetime(2025, 6, 17, 23, 5, tzinfo=datetime.timezone.utc),
           datetime.timedelta(days=2, seconds=3600, microseconds=5), b"\x00\xffab", uuid.UUID("12345678-1234-5678-1234-567812345678"))
    with psycopg.connect(host="127.0.0.1", port=port, user="sharp", dbname="main", autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("""CREATE TABLE types (b BOOLEAN, i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE,
            n DECIMAL(12,3), t VARCHAR, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, bl BLOB, u UUID)""")
        insert = "INSERT INTO types VALUES (" + ",".join(["%s"] * 14) + ")"
        for binary in (False, True):
            name = "binary" if binary else "text"
            cur.execute("DELETE FROM types")
            cur.execute(insert, row, binary=binary)
            cur.execute(insert, [None] * 14, binary=binary)
            cur.execute("SELECT * FROM types ORDER BY i4 NULLS LAST", binary=binary)
            got = cur.fetchall()
            print(name, "ok" if got[0] == row else f"MISMATCH {got[0]!r}")
            print(name, "nulls", "ok" if got[1] == (None,) * 14 else f"MISMATCH {got[1]!r}")
        cur.execute("SELECT %s::INTEGER + 1 AS x", (41,), prepare=True)
        first = cur.fetchone()[0]
        cur.execute("SELECT %s::INTEGER + 1 AS x", (1,), prepare=True)
        print("prepared", first, cur.fetchone()[0])
        with conn.transaction():
            cur.execute("INSERT INTO types (i4) VALUES (%s)", (5,))
        cur.execute("SELECT count(*) FROM types WHERE i4 = %s", (5,))
        print("transaction", cur.fetchone()[0])
        try:
            cur.execute("SELECT * FROM nope WHERE x = %s", (1,))
        except psycopg.Error as e:
            print("error", e.sqlstate)
        cur.execute("SELECT %s AS one", (1,))
        print("after", cur.fetchone()[0])
    """#
}
