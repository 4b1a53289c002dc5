import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Staged statements in process: a DuckDB writer appends a statement's rows into a temporary
/// staging table and runs its staged SQL over them, instead of its multi-row SQL; it counts what
/// that SQL changed, leaves the staging table empty, and a failing job leaves nothing staged.
/// One staged form may stand for several statements (each counted from its steps).
@Suite struct StagedStatementTests {
    func open(_ mode: CoordinatorMode, _ folder: TemporaryFolder) async throws -> DatabaseCoordinator {
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: mode, config: ConnectionConfig(readPoolSize: 2, writeBatchSize: 1_000, writeBatchTimeout: 0.05))
        try await db.immediateWrite("CREATE TABLE games (game_id TEXT PRIMARY KEY, home TEXT)")
        try await db.immediateWrite("CREATE TABLE prices (game_id TEXT, book TEXT, price INTEGER, seen TIMESTAMPTZ, PRIMARY KEY (game_id, book))")
        return db
    }

    static let priceColumns = ["game_id", "book", "price", "seen"]

    /// A statement whose multi-row SQL would fail if it ran: only its staged form can succeed.
    static func upsertPrices(_ rows: [[DuckDBValue]]) -> WriteJob.Statement {
        let stage = StagedStatement.stagingTable(for: "prices", columns: priceColumns)
        return WriteJob.Statement(sql: "INSERT INTO no_such_table VALUES (1)", rows: [[]], staged: StagedStatement(
            table: "prices", columns: priceColumns, rows: rows, sql: """
                INSERT INTO prices (game_id, book, price, seen) SELECT game_id, book, price, seen FROM \(stage)
                ON CONFLICT (game_id, book) DO UPDATE SET price = excluded.price, seen = excluded.seen
                WHERE excluded.seen > prices.seen
                """))
    }

    /// Three statements whose SQL would fail if it ran, standing for: move `seen` forward of
    /// the stored prices among `rows` (statement 1), store the new DK rows (2), the new FD rows
    /// (3). One staged form covers all three: one update, one insert counted by `RETURNING book`.
    static func storePricesByBook(_ rows: [[DuckDBValue]]) -> [WriteJob.Statement] {
        let stage = StagedStatement.stagingTable(for: "prices", columns: priceColumns)
        var statements = (0..<3).map { _ in WriteJob.Statement(sql: "INSERT INTO no_such_table VALUES (1)", rows: [[]]) }
        statements[0].staged = StagedStatement(table: "prices", columns: priceColumns, rows: rows, steps: [
            .init(sql: """
                UPDATE prices SET seen = s.seen FROM \(stage) AS s
                WHERE prices.game_id = s.game_id AND prices.book = s.book AND s.seen > prices.seen
                """, counted: .changed(offset: 0)),
            .init(sql: """
                INSERT INTO prices (game_id, book, price, seen) SELECT game_id, book, price, seen FROM \(stage)
                ON CONFLICT DO NOTHING RETURNING book
                """, counted: .returned(offsets: [["dk"]: 1, ["fd"]: 2])),
        ], covers: 3)
        return statements
    }

    static func at(_ seconds: Int64) -> DuckDBValue { .timestampTZ(DuckDBTimestamp(micros: 1_750_000_000_000_000 + seconds * 1_000_000)) }

    static func rowsInStage(_ db: DatabaseCoordinator) async throws -> Int {
        let stage = StagedStatement.stagingTable(for: "prices", columns: priceColumns)
        // The staging table is the writer connection's own: look at it from there.
        return try await db.transaction { tx in
            let exists = try tx.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = $1", [.string(stage)])[0]["n", as: Int.self]
            return exists == 0 ? 0 : try tx.query("SELECT count(*) AS n FROM \(stage)")[0]["n", as: Int.self]
        }
    }

    @Test("the staged form runs in process, counts the rows its SQL changed and leaves its staging table empty", arguments: CoordinatorMode.allCases)
    func stagedFormRunsAndCounts(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        var job = WriteJob([Self.upsertPrices([["g1", "dk", -110, Self.at(0)], ["g1", "fd", 105, Self.at(0)], ["g2", "dk", 120, .null]])])
        job.add("UPDATE games SET home = 'x' WHERE game_id = $1", ["none"])
        #expect(try await db.perform(job) == [3, 0])
        // Later prices replace earlier ones; an older capture, a NULL time or a row already
        // stored as it is changes nothing.
        let again = WriteJob([Self.upsertPrices([
            ["g1", "dk", -120, Self.at(60)], ["g1", "fd", 999, Self.at(-60)], ["g2", "dk", 130, Self.at(60)], ["g3", "dk", 101, Self.at(60)],
        ])])
        #expect(try await db.perform(again) == [2])
        let stored = try await db.read("SELECT game_id, book, price FROM prices ORDER BY game_id, book").rows.map(\.values)
        #expect(stored == [["g1", "dk", -120], ["g1", "fd", 105], ["g2", "dk", 120], ["g3", "dk", 101]])
        // Stored timestamps are the instants appended (no time-zone shift on the way in).
        #expect(try await db.read("SELECT seen FROM prices WHERE game_id = 'g1' AND book = 'dk'")[0][0] == Self.at(60))
        #expect(try await Self.rowsInStage(db) == 0)
        #expect(try await db.perform(WriteJob([Self.upsertPrices([])])) == [0])
        await db.shutdown()
    }

    @Test("a job failing after a staged statement commits nothing, and the next job stages again", arguments: CoordinatorMode.allCases)
    func failingJobLeavesNothingStaged(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        // The first job on a fresh writer fails: the staging table made inside it goes with it.
        var job = WriteJob([Self.upsertPrices([["g1", "dk", -110, Self.at(0)], ["g2", "dk", 120, Self.at(0)]])])
        job.add("INSERT INTO games VALUES ($1, $2)", rows: [["g1", "CHC"], ["g1", "CHC"]])
        await #expect(throws: DuckDBError.self) { try await db.perform(job) }
        #expect(try await db.count("prices") == 0)
        #expect(try await db.count("games") == 0)
        #expect(try await Self.rowsInStage(db) == 0)
        job.statements[1].rows = [["g1", "CHC"]]
        #expect(try await db.perform(job) == [2, 1])
        // A staged statement that fails is named, and its rows leave with the transaction.
        let keyless = WriteJob([Self.upsertPrices([["g5", "dk", 1, Self.at(0)], [nil, "dk", 2, Self.at(1)]])])
        do {
            _ = try await db.perform(keyless)
            Issue.record("a row with a NULL key committed")
        } catch let error as DuckDBError {
            #expect(error.message.contains("statement 1 (2 staged rows)"), "\(error.message)")
        }
        #expect(try await Self.rowsInStage(db) == 0)
        #expect(try await db.count("prices") == 2)
        await db.shutdown()
    }

    @Test("one staged form stands for several statements: each gets its own count, the statements after them run", arguments: CoordinatorMode.allCases)
    func oneStagedFormCoversSeveralStatements(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        var job = WriteJob(Self.storePricesByBook([["g1", "dk", -110, Self.at(0)], ["g1", "fd", 105, Self.at(0)], ["g2", "dk", 120, Self.at(0)]]))
        job.add("INSERT INTO games VALUES ($1, $2)", ["g1", "NYM"])
        #expect(try await db.perform(job) == [0, 2, 1, 1])
        // One stored price seen later (updated, not new), one new FD price, one unchanged.
        let again = WriteJob(Self.storePricesByBook([["g1", "dk", -999, Self.at(60)], ["g3", "fd", 101, Self.at(0)], ["g2", "dk", 120, Self.at(0)]]))
        #expect(try await db.perform(again) == [1, 0, 1])
        let stored = try await db.read("SELECT game_id, book, price FROM prices ORDER BY game_id, book").rows.map(\.values)
        #expect(stored == [["g1", "dk", -110], ["g1", "fd", 105], ["g2", "dk", 120], ["g3", "fd", 101]])
        #expect(try await db.read("SELECT seen FROM prices WHERE game_id = 'g1' AND book = 'dk'")[0][0] == Self.at(60))
        #expect(try await Self.rowsInStage(db) == 0)
        #expect(try await db.count("games") == 1)
        await db.shutdown()
    }

    @Test("a staged form whose rows match none of its statements, or that covers more statements than follow, fails the job", arguments: CoordinatorMode.allCases)
    func mismatchedStagedFormFails(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        // A book the form has no statement for: its row would be counted nowhere.
        do {
            _ = try await db.perform(WriteJob(Self.storePricesByBook([["g1", "dk", -110, Self.at(0)], ["g1", "mgm", 100, Self.at(0)]])))
            Issue.record("a row counted by no statement committed")
        } catch let error as DuckDBError {
            #expect(error.message.contains("statement 1 (2 staged rows)"), "\(error.message)")
            #expect(error.message.contains("none of its 3 statement(s)"), "\(error.message)")
        }
        #expect(try await db.count("prices") == 0)
        #expect(try await Self.rowsInStage(db) == 0)
        // Covering three statements in a job of two.
        let short = WriteJob(Array(Self.storePricesByBook([["g1", "dk", -110, Self.at(0)]]).prefix(2)))
        do {
            _ = try await db.perform(short)
            Issue.record("a staged form covering missing statements ran")
        } catch let error as DuckDBError {
            #expect(error.message.contains("stands for 3 statement(s); the job has 2"), "\(error.message)")
        }
        // A step counting for a statement the form does not stand for.
        var stray = Self.storePricesByBook([["g1", "dk", -110, Self.at(0)]])
        stray[0].staged?.covers = 2
        do {
            _ = try await db.perform(WriteJob(stray))
            Issue.record("a staged form counting outside its statements ran")
        } catch let error as DuckDBError {
            #expect(error.message.contains("statement offset 2, outside the 2 statement(s)"), "\(error.message)")
        }
        #expect(try await db.count("prices") == 0)
        await db.shutdown()
    }
}
