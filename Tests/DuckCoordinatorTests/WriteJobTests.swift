import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Write jobs in process: several statements, each with its rows, commit together as one
/// writer job; a keyed job is applied at most once per file; a failing job takes nothing with
/// it and nobody else's write down.
@Suite struct WriteJobTests {
    func open(_ mode: CoordinatorMode, _ folder: TemporaryFolder) async throws -> DatabaseCoordinator {
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: mode, config: ConnectionConfig(readPoolSize: 2, writeBatchSize: 1_000, writeBatchTimeout: 0.05))
        try await db.immediateWrite("CREATE TABLE games (game_id TEXT PRIMARY KEY, home TEXT)")
        try await db.immediateWrite("CREATE TABLE prices (game_id TEXT, book TEXT, price INTEGER, PRIMARY KEY (game_id, book))")
        return db
    }

    func capture(_ suffix: String) -> WriteJob {
        var job = WriteJob()
        job.add("INSERT INTO games VALUES ($1, $2) ON CONFLICT (game_id) DO NOTHING",
                rows: [[.string("g1"), "CHC"], [.string("g2"), "NYY"]])
        job.add("INSERT INTO prices VALUES ($1, $2, $3) ON CONFLICT (game_id, book) DO UPDATE SET price = excluded.price",
                rows: [[.string("g1"), .string("dk\(suffix)"), -110], [.string("g2"), .string("dk\(suffix)"), 120], [.string("g2"), "fd", 115]])
        job.add("UPDATE games SET home = upper(home) WHERE game_id = $1", [.string("g1")])
        return job
    }

    @Test("a job's statements run once per row and report rows changed per statement", arguments: CoordinatorMode.allCases)
    func countsPerStatement(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        #expect(try await db.perform(capture("")) == [2, 3, 1])
        // The same capture again: games already there (DO NOTHING), prices updated in place.
        #expect(try await db.perform(capture("")) == [0, 3, 1])
        #expect(try await db.count("games") == 2)
        #expect(try await db.count("prices") == 3)
        #expect(try await db.perform(WriteJob()) == [])
        await db.shutdown()
    }

    @Test("a failing row fails the whole job, names its statement and row, and leaves the writes around it", arguments: CoordinatorMode.allCases)
    func failingJobIsAtomic(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        var job = WriteJob()
        job.add("INSERT INTO games VALUES ($1, $2)", rows: [[.string("g9"), "BOS"]])
        job.add("INSERT INTO prices VALUES ($1, $2, $3)", rows: [[.string("g9"), "dk", 100], [.string("g9"), "dk", 101]])
        // Writes queued beside the job (same batch under group commit) must not fail with it.
        async let before = db.write("INSERT INTO games VALUES ($1, $2)", [.string("a"), "SEA"])
        async let failing: [Int] = db.perform(job)
        async let after = db.write("INSERT INTO games VALUES ($1, $2)", [.string("b"), "TEX"])
        do {
            _ = try await failing
            Issue.record("a job with a duplicate key committed")
        } catch let error as DuckDBError {
            #expect(error.kind == .constraint)
            #expect(error.message.contains("statement 2, row 2"), "\(error.message)")
        }
        #expect(try await before == 1)
        #expect(try await after == 1)
        let games = try await db.read("SELECT game_id FROM games ORDER BY game_id").rows.map { $0[0] }
        #expect(games == [.string("a"), .string("b")])
        #expect(try await db.count("prices") == 0)
        await db.shutdown()
    }

    @Test("a keyed job sent twice is applied once and the second answers the first's counts", arguments: CoordinatorMode.allCases)
    func keyedJobAppliesOnce(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let key = WriteKey.random()
        var job = WriteJob(key: key)
        job.add("INSERT INTO prices VALUES ($1, $2, $3)", rows: [[.string("g1"), "dk", 100], [.string("g1"), "fd", 105]])
        job.add("INSERT INTO games VALUES ($1, $2)", [.string("g1"), "CHC"])
        #expect(try await db.perform(job) == [2, 1])
        // Sent again (a client that lost its owner re-sends): nothing runs, no duplicate-key error.
        #expect(try await db.perform(job) == [2, 1])
        #expect(try await db.count("prices") == 2)
        // Another key is another write.
        var other = WriteJob(key: .random())
        other.add("INSERT INTO games VALUES ($1, $2)", [.string("g2"), "NYY"])
        #expect(try await db.perform(other) == [1])
        #expect(try await db.count("games") == 2)
        #expect(try await db.count("sharp_write_keys") == 2)
        // A failed keyed job records nothing: fixed and sent again under the same key, it runs.
        var failing = WriteJob(key: .random())
        failing.add("INSERT INTO games VALUES ($1, $2)", [.string("g1"), "dup"])
        await #expect(throws: DuckDBError.self) { try await db.perform(failing) }
        failing.statements[0].rows = [[.string("g3"), "BOS"]]
        #expect(try await db.perform(failing) == [1])
        await db.shutdown()
    }

    @Test("keys: the comment form round-trips, malformed keys are not keys")
    func keyComments() {
        let key = WriteKey.random()
        #expect(key.rawValue.count == 32)
        #expect(WriteKey.random() != key)
        let split = WriteKey.split("  " + key.comment + "INSERT INTO t VALUES (1)")
        #expect(split?.key == key)
        #expect(split?.body == "INSERT INTO t VALUES (1)")
        #expect(WriteKey.split("/* sharp:write-key=a b */ INSERT INTO t VALUES (1)") == nil)
        #expect(WriteKey.split("/* sharp:write-key= */ DELETE FROM t") == nil)
        #expect(WriteKey.split("INSERT INTO t VALUES (1) /* sharp:write-key=k */") == nil)
        #expect(WriteKey(rawValue: String(repeating: "k", count: 65)) == nil)
        #expect(WriteKey(rawValue: "job-17_b")?.comment == "/* sharp:write-key=job-17_b */ ")
    }
}
