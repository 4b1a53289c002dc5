import ThrowawayPostgres
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import Testing

/// The same RemoteCoordinator against a real PostgreSQL (Debian's, initdb into a temporary
/// folder on a free port by the test itself, stopped at the end): the engine is detected,
/// values round-trip with PostgreSQL's own types, and writes, COPY, jobs, keys and
/// transactions behave as they do on a sharp owner.
@Suite("RemoteCoordinator against a real PostgreSQL", .serialized)
struct PostgresEngineTests {
    static func withPostgres(_ body: (RemoteCoordinator, PostgresCluster) async throws -> Void) async throws {
        let cluster = try await PostgresCluster.started()
        do {
            let endpoint = RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: cluster.port), user: cluster.user, database: "postgres",
                                          sslMode: .disable)
            let remote = try await RemoteCoordinator.connect(to: endpoint)
            do { try await body(remote, cluster) } catch {
                await remote.shutdown()
                throw error
            }
            await remote.shutdown()
        } catch {
            await cluster.stopped()
            throw error
        }
        await cluster.stopped()
    }

    @Test("the engine is PostgreSQL; values of every mapped type round-trip as parameters and results")
    func typesRoundTrip() async throws {
        try await Self.withPostgres { remote, _ in
            #expect(remote.dialect == .postgresql)
            try await remote.immediateWrite("""
                CREATE TABLE typed (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, f REAL, d DOUBLE PRECISION, n NUMERIC(10,3),
                  t TEXT, dt DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, bl BYTEA, u UUID)
                """, [])
            let values: [DuckDBValue] = [
                .bool(true), .int(-7), .int(123_456), .int(9_000_000_000), .double(1.5), .double(-2.25),
                .decimal(Decimal(string: "12.345")!), .string("tab\there \"quoted\" é"), .date(DuckDBDate(year: 2025, month: 6, day: 17)),
                .time(DuckDBTime(micros: 3_723_000_004)), .timestamp(DuckDBTimestamp(micros: 1_750_200_000_123_456)),
                .timestampTZ(DuckDBTimestamp(micros: 1_750_200_000_654_321)), .interval(DuckDBInterval(months: 14, days: 3, micros: 5_000_001)),
                .blob(Data([0, 1, 254, 255])), .string("0b2d5d2e-3c4a-4f6e-8a1b-9c0d1e2f3a4b"),
            ]
            let placeholders = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
            #expect(try await remote.write("INSERT INTO typed VALUES (\(placeholders))", values) == 1)
            #expect(try await remote.write("INSERT INTO typed VALUES (\(placeholders))", values.map { _ in .null }) == 1)
            let rows = try await remote.read("SELECT * FROM typed ORDER BY b NULLS LAST")
            #expect(rows.columns.names == ["b", "s", "i", "l", "f", "d", "n", "t", "dt", "tm", "ts", "tz", "iv", "bl", "u"])
            #expect(rows.rows.count == 2)
            #expect(rows.rows[0].values == values)
            #expect(rows.rows[1].values.allSatisfy { $0.isNull })
            // A string parameter is read as the type the statement needs there (untyped text).
            let byDate = try await remote.read("SELECT count(*) AS n FROM typed WHERE dt = $1 AND tz > $2", ["2025-06-17", "2025-01-01 00:00:00+00"])
            #expect(try byDate[0]["n", as: Int.self] == 1)
            // COPY carries every type it can; INTERVAL and BYTEA rows go as bound parameters.
            let columns = rows.columns.names
            #expect(try await remote.bulkInsert(into: "typed", columns: columns, rows: [values]) == 1)
            let copyColumns = columns.filter { $0 != "iv" && $0 != "bl" }
            let copyValues = zip(columns, values).filter { $0.0 != "iv" && $0.0 != "bl" }.map(\.1)
            #expect(try await remote.bulkInsert(into: "typed", columns: copyColumns, rows: [copyValues, copyValues.map { _ in .null }]) == 2)
            let copied = try await remote.read("SELECT \(copyColumns.joined(separator: ", ")) FROM typed WHERE b AND iv IS NULL")
            #expect(copied.rows.map(\.values) == [copyValues])
            #expect(try await remote.count("typed") == 5)
        }
    }

    @Test("writes, jobs, keys, transactions, appends and errors behave as on a sharp owner")
    func coordinatorAPI() async throws {
        try await Self.withPostgres { remote, _ in
            try await remote.immediateWrite("CREATE TABLE games (game_id TEXT PRIMARY KEY, home TEXT, seen TIMESTAMPTZ)", [])
            try await remote.write("INSERT INTO games VALUES ($1, $2, $3)", ["g1", "CHC", .timestampTZ(DuckDBTimestamp(micros: 0))])
            do {
                try await remote.write("INSERT INTO games VALUES ($1, $2, NULL)", ["g1", "dup"])
                Issue.record("a duplicate key was accepted")
            } catch let error as DuckDBError {
                #expect(error.kind == .constraint)
            }
            do {
                _ = try await remote.read("SELECT * FROM missing_table")
                Issue.record("no error")
            } catch let error as DuckDBError {
                #expect(error.kind == .catalog)
            }
            // A keyed job: applied once, the re-send answers the first run's counts.
            var job = WriteJob(key: .random())
            job.add("INSERT INTO games VALUES ($1, $2, NULL) ON CONFLICT (game_id) DO NOTHING", rows: [["g1", "x"], ["g2", "NYY"], ["g3", "BOS"]])
            job.add("UPDATE games SET home = lower(home) WHERE game_id = $1", ["g2"])
            #expect(try await remote.perform(job) == [2, 1])
            #expect(try await remote.perform(job) == [2, 1])
            #expect(try await remote.count("games") == 3)
            #expect(try await remote.count("sharp_write_keys") == 1)
            // A failing job leaves nothing.
            var failing = WriteJob(key: .random())
            failing.add("INSERT INTO games VALUES ($1, $2, NULL)", rows: [["g4", "SEA"], ["g1", "dup"]])
            await #expect(throws: DuckDBError.self) { try await remote.perform(failing) }
            #expect(try await remote.count("games") == 3)
            #expect(try await remote.count("sharp_write_keys") == 1)
            // transaction { }: sees its own writes, rolls back on a throw.
            let seen = try await remote.transaction { tx -> Int in
                try tx.execute("INSERT INTO games VALUES ($1, $2, NULL)", ["g5", "TEX"])
                return try tx.query("SELECT count(*) AS n FROM games")[0]["n", as: Int.self]
            }
            #expect(seen == 4)
            await #expect(throws: DuckDBError.self) {
                try await remote.transaction { tx in
                    try tx.execute("INSERT INTO games VALUES ($1, $2, NULL)", ["g6", "MIA"])
                    try tx.execute("INSERT INTO games VALUES ($1, $2, NULL)", ["g6", "MIA"])
                }
            }
            #expect(try await remote.count("games") == 4)
            // bulkAppend stages in a private DuckDB with PostgreSQL's column types, then COPY.
            let appended = try await remote.bulkInsert(into: "games", columns: ["game_id", "home", "seen"], rows: Array(0..<50)) { n, row in
                try row.append("a\(n)")
                try row.append("T\(n)")
                try row.append(DuckDBTimestamp(micros: Int64(n) * 1_000_000))
            }
            #expect(appended == 50)
            let last = try await remote.read("SELECT seen FROM games WHERE game_id = 'a49'")
            #expect(last.rows.first?.values == [.timestampTZ(DuckDBTimestamp(micros: 49_000_000))])
            #expect(try await remote.bulkInsert("INSERT INTO games (game_id, home) VALUES ($1, $2)", rows: [["b1", "x"], ["b2", "y"]]) == 2)
            let stats = await remote.stats()
            #expect(stats.status == .healthy)
            #expect(stats.writesTotal > 0)
            #expect(await remote.isHealthy())
        }
    }
}
