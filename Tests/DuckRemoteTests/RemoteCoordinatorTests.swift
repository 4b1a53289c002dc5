import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import Testing

/// A real owner (coordinator + server on a Unix socket over a DuckDB file) and a
/// RemoteCoordinator talking to it.
struct RemoteOwner {
    let folder: URL
    let db: DatabaseCoordinator
    let server: CoordinatorServer
    let socket: String

    static func start() async throws -> RemoteOwner {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("test.duckdb").path)
        let server = CoordinatorServer(coordinator: db, configuration: ServerConfiguration(
            host: nil, port: 45_000 + Int.random(in: 0..<10_000), unixSocketDirectory: folder.path))
        let addresses = try await server.start()
        return RemoteOwner(folder: folder, db: db, server: server, socket: addresses.unixSocketPath!)
    }

    func stop() async {
        await server.stop()
        await db.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension DatabaseCoordinating {
    func count(_ table: String) async throws -> Int {
        try await read("SELECT count(*) AS n FROM \(table)", [])[0]["n"]
    }
}

@Suite("RemoteCoordinator against a real owner")
struct RemoteCoordinatorTests {
    @Test("every mapped type round-trips as a bound parameter and as a result, NULLs too")
    func typesRoundTrip() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        do {
            try await remote.immediateWrite("""
                CREATE TABLE typed (b BOOLEAN, s SMALLINT, i INTEGER, l BIGINT, f FLOAT, d DOUBLE, n DECIMAL(10,3),
                  t VARCHAR, dt DATE, tm TIME, ts TIMESTAMP, tz TIMESTAMPTZ, iv INTERVAL, bl BLOB, u UUID)
                """, [])
            let values: [DuckDBValue] = [
                .bool(true), .int(-7), .int(123_456), .int(9_000_000_000), .double(1.5), .double(-2.25),
                .decimal(Decimal(string: "12.345")!), .string("tab\there \"quoted\" é"), .date(DuckDBDate(year: 2025, month: 6, day: 17)),
                .time(DuckDBTime(micros: 3_723_000_004)), .timestamp(DuckDBTimestamp(micros: 1_750_200_000_123_456)),
                .timestampTZ(DuckDBTimestamp(micros: 1_750_200_000_654_321)), .interval(DuckDBInterval(months: 14, days: 3, micros: 5_000_001)),
                .blob(Data([0, 1, 254, 255])), .string("0b2d5d2e-3c4a-4f6e-8a1b-9c0d1e2f3a4b"),
            ]
            let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
            #expect(try await remote.write("INSERT INTO typed VALUES (\(placeholders))", values) == 1)
            #expect(try await remote.write("INSERT INTO typed VALUES (\(placeholders))",
                                           Array(repeating: DuckDBValue.null, count: values.count)) == 1)
            let remoteRows = try await remote.read("SELECT * FROM typed ORDER BY b NULLS LAST")
            let localRows = try await owner.db.read("SELECT * FROM typed ORDER BY b NULLS LAST")
            #expect(remoteRows.columns.names == localRows.columns.names)
            #expect(remoteRows.rows.count == 2)
            #expect(remoteRows.rows[0].values == localRows.rows[0].values)
            #expect(remoteRows.rows[1].values.allSatisfy { $0.isNull })
            // Bound parameters of every type select the row they were written as.
            for (index, value) in values.enumerated() {
                let column = remoteRows.columns.names[index]
                let found = try await remote.read("SELECT count(*) AS n FROM typed WHERE \(column) = ?", [value])
                #expect(try found[0]["n", as: Int.self] == 1, "column \(column)")
            }
            // A bulk insert carries the same values (COPY, or bound parameters for INTERVAL/BLOB),
            // and COPY alone the columns it can.
            let copied = try await remote.bulkInsert(into: "typed", columns: remoteRows.columns.names, rows: [values, values.map { _ in .null }])
            #expect(copied == 2)
            let after = try await owner.db.read("SELECT * FROM typed WHERE b IS NOT NULL")
            #expect(after.rows.count == 2)
            #expect(after.rows[0].values == after.rows[1].values)
            let copyColumns = Array(remoteRows.columns.names.prefix(12)) + ["u"]
            let copyValues = Array(values.prefix(12)) + [values[14]]
            #expect(try await remote.bulkInsert(into: "typed", columns: copyColumns, rows: [copyValues]) == 1)
            let copiedRow = try await owner.db.read("SELECT \(copyColumns.joined(separator: ", ")) FROM typed WHERE b AND iv IS NULL")
            #expect(copiedRow.rows.count == 1)
            #expect(copiedRow.rows.first?.values == copyValues)
        } catch {
            await remote.shutdown(); await owner.stop()
            throw error
        }
        await remote.shutdown()
        await owner.stop()
    }

    @Test("transactions, bulk appends, priorities, errors and stats go through the owner")
    func coordinatorAPI() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        do {
            try await remote.immediateWrite("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR, seen_at TIMESTAMPTZ)", [])
            try await remote.write("INSERT INTO t VALUES (?, ?, ?)", [1, "one", .timestampTZ(Date(timeIntervalSince1970: 0))], priority: .critical)
            // A failing transaction leaves nothing; a good one commits both statements.
            await #expect(throws: DuckDBError.self) {
                try await remote.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES (2, 'two', NULL)")
                    try tx.execute("INSERT INTO t VALUES (1, 'duplicate', NULL)")
                }
            }
            let seen = try await remote.transaction { tx -> Int in
                try tx.execute("INSERT INTO t VALUES (3, 'three', NULL)")
                return try tx.query("SELECT count(*) AS n FROM t")[0]["n", as: Int.self]
            }
            #expect(seen == 2)
            let names = (10..<110).map { "n\($0)" }
            let appended = try await remote.bulkInsert(into: "t", columns: ["id", "name"], rows: Array(names.enumerated())) { item, row in
                try row.append(item.offset + 10)
                try row.append(item.element)
            }
            #expect(appended == 100)
            let inserted = try await remote.bulkInsert("INSERT INTO t (id, name) VALUES (?, ?)", rows: [[200, "a"], [201, "b"]])
            #expect(inserted == 2)
            await #expect(throws: DuckDBError.self) {
                try await remote.bulkInsert("INSERT INTO t (id, name) VALUES (?, ?)", rows: [[300, "c"], [1, "dup"]])
            }
            let total = try await owner.db.read("SELECT count(*) AS n, count(*) FILTER (WHERE id = 300) AS c FROM t")
            #expect(try total[0]["n", as: Int.self] == 104)
            #expect(try total[0]["c", as: Int.self] == 0)
            do {
                _ = try await remote.read("SELECT * FROM missing_table")
                Issue.record("no error")
            } catch let error as DuckDBError {
                #expect(error.kind == .catalog)
            }
            #expect(try await remote.read("SELECT 1 AS one")[0]["one", as: Int.self] == 1)
            let stats = await remote.stats()
            #expect(stats.path == owner.db.path)
            #expect(stats.writesTotal > 0)
            #expect(await remote.isHealthy())
        } catch {
            await remote.shutdown(); await owner.stop()
            throw error
        }
        await remote.shutdown()
        await owner.stop()
    }

    @Test("a sharp owner says it is DuckDB; SHOW sharp.engine cannot be changed")
    func engineIsDuckDB() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        #expect(remote.dialect == .duckdb)
        #expect(try await remote.read("SHOW sharp.engine").rows.first?.values == [.string("duckdb")])
        await #expect(throws: DuckDBError.self) { try await remote.write("SET sharp.engine = 'postgresql'", []) }
        await remote.shutdown()
        await owner.stop()
    }

    @Test("the owner applies a statement with a write-key comment at most once, inside BEGIN … COMMIT too")
    func writeKeyCommentAppliedOnce() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        do {
            try await remote.immediateWrite("CREATE TABLE t (id INTEGER)", [])
            let keyed = WriteKey.random().comment + "INSERT INTO t VALUES ($1), ($2)"
            #expect(try await remote.write(keyed, [1, 2]) == 2)
            // Sent again (as a client does after losing the owner mid-write): the recorded count, no new rows.
            #expect(try await remote.write(keyed, [1, 2]) == 2)
            #expect(try await owner.db.count("t") == 2)
            // A client's own transaction: the key is checked and recorded in it.
            let inTransaction = WriteKey.random().comment + "INSERT INTO t VALUES ($1)"
            for _ in 0..<2 {
                let changed = try await remote.transaction { tx in try tx.execute(inTransaction, [3]) }
                #expect(changed == 1)
            }
            #expect(try await owner.db.count("t") == 3)
            // A rolled-back transaction records no key: the same write later is applied.
            let rolledBack = WriteKey.random().comment + "INSERT INTO t VALUES ($1)"
            await #expect(throws: DuckDBError.self) {
                try await remote.transaction { tx in
                    try tx.execute(rolledBack, [4])
                    try tx.execute("INSERT INTO missing VALUES (1)")
                }
            }
            #expect(try await remote.write(rolledBack, [4]) == 1)
            #expect(try await owner.db.count("t") == 4)
        } catch {
            await remote.shutdown(); await owner.stop()
            throw error
        }
        await remote.shutdown()
        await owner.stop()
    }

    @Test("a write job through the owner: one transaction, counts per statement, keyed jobs once")
    func writeJobThroughOwner() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        do {
            try await remote.immediateWrite("CREATE TABLE games (game_id TEXT PRIMARY KEY, home TEXT)", [])
            var job = WriteJob(key: .random())
            job.add("INSERT INTO games VALUES ($1, $2) ON CONFLICT (game_id) DO NOTHING", rows: [["g1", "CHC"], ["g2", "NYY"]])
            job.add("UPDATE games SET home = lower(home) WHERE game_id = $1", ["g2"])
            #expect(try await remote.perform(job) == [2, 1])
            #expect(try await remote.perform(job) == [2, 1])
            #expect(try await owner.db.read("SELECT home FROM games ORDER BY game_id").rows.map { $0[0] } == ["CHC", "nyy"])
            var failing = WriteJob()
            failing.add("INSERT INTO games VALUES ($1, $2)", rows: [["g3", "BOS"], ["g1", "dup"]])
            do {
                _ = try await remote.perform(failing)
                Issue.record("a failing job committed")
            } catch let error as DuckDBError {
                #expect(error.kind == .constraint)
                #expect(error.message.contains("statement 1, row 2"), "\(error.message)")
            }
            #expect(try await owner.db.count("games") == 2)
            // The session is usable after the failed job.
            #expect(try await remote.read("SELECT count(*) AS n FROM games")[0]["n", as: Int.self] == 2)
        } catch {
            await remote.shutdown(); await owner.stop()
            throw error
        }
        await remote.shutdown()
        await owner.stop()
    }

    @Test("a statement in flight when the owner goes away fails with a retryable error")
    func ownerGone() async throws {
        let owner = try await RemoteOwner.start()
        let remote = try await RemoteCoordinator.connect(to: .unixSocket(owner.socket))
        try await remote.immediateWrite("CREATE TABLE t (id INTEGER)", [])
        await owner.stop()
        do {
            _ = try await remote.read("SELECT count(*) FROM t")
            Issue.record("read succeeded with the owner gone")
        } catch let error as RemoteCoordinatorError {
            #expect(error.isRetryable)
        }
        await remote.shutdown()
    }
}
