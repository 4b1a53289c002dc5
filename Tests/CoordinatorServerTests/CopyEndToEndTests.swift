import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// COPY with the clients users have: psql's \copy both ways, psycopg 3 and psycopg2 COPY both
/// ways, asyncpg's copy_from_query and copy_records_to_table (binary), in text, CSV and binary;
/// the data reaches the client (never the server's stdout) and lands in the table; LIST and
/// STRUCT columns read as PostgreSQL arrays and records.
@Suite(.serialized) struct CopyEndToEndTests {
    static let schema = "CREATE TABLE games (id INTEGER, home VARCHAR, total DOUBLE, starts TIMESTAMPTZ, final BOOLEAN)"

    static func seed(_ server: RunningServer) async throws {
        _ = try await server.db.immediateWrite(Self.schema)
        _ = try await server.db.write("""
            INSERT INTO games VALUES (1, 'CHC', 8.5, '2025-06-17 23:05:00+00', true), (2, 'tab\there, "q"', NULL, NULL, false),
              (3, '', 7.0, '2025-06-18 01:10:00+00', NULL)
            """, [], priority: .critical)
    }

    @Test func psqlCopyBothWays() async throws {
        let server = try await RunningServer.start()
        try await Self.seed(server)
        let csv = server.folder.appendingPathComponent("games.csv").path
        let text = server.folder.appendingPathComponent("games.txt").path
        let out = try await server.psql(["-c", "\\copy games TO '\(csv)' CSV HEADER", "-c", "\\copy (SELECT * FROM games ORDER BY id) TO '\(text)'"])
        #expect(out.status == 0 && out.stdout.contains("COPY 3"), "\(out.stdout) \(out.stderr)")
        let csvText = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(csvText.hasPrefix("id,home,total,starts,final\n"), "\(csvText)")
        #expect(csvText.contains("1,CHC,8.5,2025-06-17 23:05:00+00,t\n") && csvText.contains("2,\"tab\there, \"\"q\"\"\",,,f\n")
                && csvText.contains("3,\"\",7,2025-06-18 01:10:00+00,\n"), "\(csvText)")
        #expect(try String(contentsOfFile: text, encoding: .utf8)
                == "1\tCHC\t8.5\t2025-06-17 23:05:00+00\tt\n2\ttab\\there, \"q\"\t\\N\t\\N\tf\n3\t\t7\t2025-06-18 01:10:00+00\t\\N\n")

        _ = try await server.db.immediateWrite("CREATE TABLE copy_in AS SELECT * FROM games WHERE false")
        let back = try await server.psql(["-c", "\\copy copy_in FROM '\(csv)' CSV HEADER", "-c", "\\copy copy_in FROM '\(text)'"])
        #expect(back.status == 0 && back.stdout.contains("COPY 3"), "\(back.stdout) \(back.stderr)")
        let same = try await server.db.read("""
            SELECT count(*) AS n FROM (SELECT * FROM copy_in EXCEPT ALL (SELECT * FROM games UNION ALL SELECT * FROM games))
            """)
        let total = try await server.db.read("SELECT count(*) AS n, count(*) FILTER (WHERE home = '') AS empty, count(*) FILTER (WHERE home IS NULL) AS nulls FROM copy_in")
        #expect(try same[0]["n", as: Int.self] == 0)
        #expect(try total[0]["n", as: Int.self] == 6 && total[0]["empty", as: Int.self] == 2 && total[0]["nulls", as: Int.self] == 0)
        await server.stop()
    }

    @Test func psycopg3AndPsycopg2CopyBothWays() async throws {
        let server = try await RunningServer.start()
        try await Self.seed(server)
        let result = try await TestVenv.run(#"""
            import sys, io, datetime, psycopg, psycopg2
            port = int(sys.argv[1])
            with psycopg.connect(host="127.0.0.1", port=port, user="sharp", dbname="main", autocommit=True, connect_timeout=30) as conn:
                cur = conn.cursor()
                with cur.copy("COPY (SELECT id, home, total FROM games ORDER BY id) TO STDOUT") as copy:
                    print("p3 text rows", [tuple(r) for r in copy.rows()])
                data = b""
                with cur.copy("COPY games (id, home) TO STDOUT (FORMAT csv)") as copy:
                    for block in copy:
                        data += bytes(block)
                print("p3 csv", data.decode().count("\n"))
                with cur.copy("COPY (SELECT id, total, starts, final FROM games ORDER BY id) TO STDOUT (FORMAT binary)") as copy:
                    copy.set_types(["int4", "float8", "timestamptz", "bool"])
                    print("p3 binary", [(r[0], r[1], r[2] and r[2].isoformat(), r[3]) for r in copy.rows()])
                cur.execute("CREATE TABLE p3 (id INTEGER, home VARCHAR, starts TIMESTAMPTZ)")
                with cur.copy("COPY p3 (id, home, starts) FROM STDIN") as copy:
                    for i in range(2500):
                        copy.write_row((i, f"team {i}\t\\", datetime.datetime(2025, 6, 17, tzinfo=datetime.timezone.utc)))
                with cur.copy("COPY p3 FROM STDIN (FORMAT binary)") as copy:
                    copy.set_types(["int4", "text", "timestamptz"])
                    copy.write_row((10000, "binary", None))
                cur.execute("SELECT count(*), count(*) FILTER (WHERE home = 'team 7' || chr(9) || '\\'), max(id) FROM p3")
                print("p3 in", cur.fetchone())
            conn2 = psycopg2.connect(host="127.0.0.1", port=port, user="sharp", dbname="main", connect_timeout=30)
            conn2.autocommit = True
            cur2 = conn2.cursor()
            out = io.StringIO()
            cur2.copy_expert("COPY (SELECT id, home FROM games ORDER BY id) TO STDOUT WITH CSV HEADER", out)
            print("p2 out", repr(out.getvalue()))
            cur2.execute("CREATE TABLE p2 (id INTEGER, home VARCHAR)")
            cur2.copy_expert("COPY p2 FROM STDIN WITH CSV", io.StringIO("1,a\n2,\"b,c\"\n3,\n"))
            cur2.copy_from(io.StringIO("4\td\n5\t\\N\n"), "p2")
            cur2.execute("SELECT count(*), count(home) FROM p2")
            print("p2 in", cur2.fetchone())
            conn2.close()
            """#, [String(server.port)], in: server.folder)
        for line in ["p3 text rows [('1', 'CHC', '8.5'), ('2', 'tab\\there, \"q\"', None), ('3', '', '7')]", "p3 csv 3",
                     "p3 binary [(1, 8.5, '2025-06-17T23:05:00+00:00', True), (2, None, None, False), (3, 7.0, '2025-06-18T01:10:00+00:00', None)]",
                     "p3 in (2501, 1, 10000)", "p2 out 'id,home\\n1,CHC\\n2,\"tab\\there, \"\"q\"\"\"\\n3,\"\"\\n'", "p2 in (5, 3)"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    @Test func asyncpgCopyFromQueryAndRecordsToTable() async throws {
        let server = try await RunningServer.start()
        try await Self.seed(server)
        let result = try await TestVenv.run(#"""
            import asyncio, sys, io, datetime, decimal, asyncpg
            async def main():
                conn = await asyncpg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", database="main", ssl=False, timeout=30)
                out = io.BytesIO()
                status = await conn.copy_from_query("SELECT id, home FROM games WHERE id <= 2 ORDER BY id", output=out, format="csv")
                print("from_query", status, repr(out.getvalue().decode()))
                out = io.BytesIO()
                await conn.copy_from_table("games", columns=["id", "total"], output=out, format="binary")
                print("from_table binary", out.getvalue()[:11] == b"PGCOPY\n\xff\r\n\x00", len(out.getvalue()) > 40)
                await conn.execute("CREATE TABLE splits (game_id BIGINT, book VARCHAR, pct DOUBLE, n DECIMAL(6,2), starts TIMESTAMPTZ, ok BOOLEAN)")
                records = [(i, f"book{i % 7}", i / 4, decimal.Decimal("12.50"), datetime.datetime(2025, 6, 17, 23, tzinfo=datetime.timezone.utc), i % 2 == 0)
                           for i in range(5000)] + [(None, None, None, None, None, None)]
                status = await conn.copy_records_to_table("splits", records=records)
                print("records", status)
                row = await conn.fetchrow("SELECT count(*) AS n, sum(game_id) AS s, sum(n) AS money, count(*) FILTER (WHERE ok) AS ok FROM splits")
                print("landed", row["n"], row["s"], row["money"], row["ok"])
                await conn.close(timeout=30)
            asyncio.run(main())
            """#, [String(server.port)], in: server.folder)
        for line in ["from_query COPY 2 '1,CHC\\n2,\"tab\\there, \"\"q\"\"\"\\n'", "from_table binary True True", "records COPY 5001",
                     "landed 5001 12497500 62500 2500"] {
            #expect(result.stdout.contains(line), "missing '\(line)' in \(result.stdout) \(result.stderr)")
        }
        await server.stop()
    }

    /// A failed COPY leaves nothing (one transaction), and the session goes on; the error
    /// names the row.
    @Test func aBadRowRollsTheWholeCopyBack() async throws {
        let server = try await RunningServer.start()
        _ = try await server.db.immediateWrite("CREATE TABLE t (id INTEGER, name VARCHAR)")
        let rows = (1...25_000).map { "\($0)\tn\($0)" }.joined(separator: "\n") + "\nnot a number\tx\n"
        let bad = try await server.psql(["-c", "COPY t FROM STDIN", "-c", "SELECT count(*) FROM t"], stdin: rows)
        #expect(bad.stderr.contains("22P02") || bad.stderr.contains("22P04") || bad.stderr.contains("ERROR"), "\(bad.stderr)")
        let short = try await server.psql(["-c", "COPY t FROM STDIN"], stdin: "1\n")
        #expect(short.stderr.contains("22P04") && short.stderr.contains("row 1"), "\(short.stderr)")
        let count = try await server.db.read("SELECT count(*) AS n FROM t")
        #expect(try count[0]["n", as: Int.self] == 0)
        let good = try await server.psql(["-c", "COPY t FROM STDIN (FORMAT csv)"], stdin: "1,a\n2,b\n")
        #expect(good.stdout.contains("COPY 2"), "\(good.stderr)")
        await server.stop()
    }

    @Test func listAndStructColumnsReadAsArraysAndRecords() async throws {
        let server = try await RunningServer.start()
        _ = try await server.db.immediateWrite("""
            CREATE TABLE nested AS SELECT 1 AS id, [1, 2, NULL] AS nums, ['a b', 'c'] AS words, {'book': 'dk', 'price': -110} AS line
            """)
        let psql = try await server.psql(["-A", "-t", "-c", "SELECT nums, words, line FROM nested", "-c", "COPY nested TO STDOUT (FORMAT csv)"])
        #expect(psql.stdout.contains("{1,2,NULL}|{\"a b\",c}|(dk,-110)"), "\(psql.stdout) \(psql.stderr)")
        #expect(psql.stdout.contains("1,\"{1,2,NULL}\",\"{\"\"a b\"\",c}\",\"(dk,-110)\""), "\(psql.stdout)")
        let result = try await TestVenv.run(#"""
            import sys, psycopg2, asyncio, asyncpg
            conn = psycopg2.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", dbname="main", connect_timeout=30)
            cur = conn.cursor()
            cur.execute("SELECT nums, line FROM nested")
            print("psycopg2", cur.fetchone())
            async def main():
                c = await asyncpg.connect(host="127.0.0.1", port=int(sys.argv[1]), user="sharp", database="main", ssl=False, timeout=30)
                print("asyncpg", tuple(await c.fetchrow("SELECT nums, words FROM nested")))
                await c.close()
            asyncio.run(main())
            """#, [String(server.port)], in: server.folder)
        #expect(result.stdout.contains("psycopg2 ('{1,2,NULL}', '(dk,-110)')"), "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("asyncpg ('{1,2,NULL}', '{\"a b\",c}')"), "\(result.stdout) \(result.stderr)")
        await server.stop()
    }
}
