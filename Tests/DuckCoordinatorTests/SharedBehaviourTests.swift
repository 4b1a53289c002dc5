import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Behaviour both modes must share, so rolling back is one argument.
@Suite struct SharedBehaviourTests {
    func open(_ mode: CoordinatorMode, _ folder: TemporaryFolder, config: ConnectionConfig = .production) async throws -> DatabaseCoordinator {
        var config = config
        config.writeBatchTimeout = 0.05
        // Health here means "answers": a loaded machine (legacy opens the file per probe) must
        // not turn it into a question of speed.
        config.healthProbeTimeout = 120
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: mode, config: config)
        try await db.immediateWrite("""
            CREATE TABLE IF NOT EXISTS splits (
              game_id VARCHAR, market VARCHAR, money_pct DOUBLE, seen TIMESTAMPTZ, note VARCHAR DEFAULT 'none',
              PRIMARY KEY (game_id, market))
            """)
        return db
    }

    @Test(arguments: CoordinatorMode.allCases)
    func writesAreVisibleToReadsOnceTheyReturn(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        for i in 0..<20 {
            let changed = try await db.write("INSERT INTO splits (game_id, market, money_pct) VALUES (?, ?, ?)",
                                             [.string("g\(i)"), "moneyline", .double(Double(i))])
            #expect(changed == 1)
            #expect(try await db.count("splits") == i + 1)
        }
        let row = try await db.read("SELECT sum(money_pct) AS s, min(note) AS n FROM splits", [])[0]
        #expect(try row["s", as: Double.self] == 190)
        #expect(try row["n", as: String.self] == "none")
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func failingWriteFailsAloneWithDuckDBsMessage(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        try await db.write("INSERT INTO splits (game_id, market) VALUES (?, ?)", ["dup", "total"])
        await #expect {
            try await db.write("INSERT INTO splits (game_id, market) VALUES (?, ?)", ["dup", "total"])
        } throws: { ($0 as? DuckDBError)?.kind == .constraint }
        await #expect {
            try await db.write("INSERT INTO nowhere VALUES (?)", [1])
        } throws: { ($0 as? DuckDBError)?.message.contains("nowhere") == true }
        #expect(try await db.count("splits") == 1)
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func bulkInsertBothFormsAndItsErrors(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let t0 = DuckDBTimestamp(micros: 1_750_186_800_000_001)
        let rows: [[DuckDBValue]] = (0..<1_000).map { [.string("g\($0)"), "spread", .double(Double($0) / 10), .timestampTZ(t0)] }
        #expect(try await db.bulkInsert("INSERT INTO splits (game_id, market, money_pct, seen) VALUES (?, ?, ?, ?)", rows: rows) == 1_000)
        #expect(try await db.bulkInsert(into: "splits", columns: ["game_id", "market"], rows: [["x", "total"], ["y", "total"]]) == 2)
        #expect(try await db.count("splits") == 1_002)
        let check = try await db.read("SELECT max(seen) AS s, count(*) FILTER (WHERE note = 'none') AS d FROM splits", [])[0]
        #expect(try check["s", as: DuckDBTimestamp.self] == t0)
        #expect(try check["d", as: Int.self] == 1_002)
        // A bad row fails the whole bulk insert, naming the row; nothing of it lands.
        await #expect {
            try await db.bulkInsert(into: "splits", columns: ["game_id", "market", "money_pct"],
                                    rows: [["z1", "total", 1.0], ["z2", "total", "lots"]])
        } throws: { "\($0)".contains("row 1") }
        await #expect {
            try await db.bulkInsert("UPDATE splits SET note = ?", rows: [["x"]])
        } throws: { ($0 as? CoordinatorError).map { if case .invalidBulkInsert = $0 { true } else { false } } ?? false }
        #expect(try await db.count("splits") == 1_002)
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func typedBulkInsertAppendsRowsAndNamesABadOne(mode: CoordinatorMode) async throws {
        struct Split: Sendable {
            let game: String
            let pct: Double
            let seen: DuckDBTimestamp
        }
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let t0 = DuckDBTimestamp(micros: 1_750_186_800_000_001)
        let rows = (0..<500).map { Split(game: "g\($0)", pct: Double($0) / 4, seen: DuckDBTimestamp(micros: t0.micros + Int64($0))) }
        let written = try await db.bulkInsert(into: "splits", columns: ["game_id", "market", "money_pct", "seen"],
                                              rows: rows, priority: .normal) { split, row in
            try row.append(split.game)
            try row.append("total")
            try row.append(split.pct)
            try row.append(split.seen)
        }
        #expect(written == 500)
        let check = try await db.read("SELECT count(*) AS n, sum(money_pct) AS s, max(seen) AS m, min(note) AS d FROM splits", [])[0]
        #expect(try check["n", as: Int.self] == 500)
        #expect(try check["s", as: Double.self] == 31_187.5)  // (0 + … + 499) / 4
        #expect(try check["m", as: DuckDBTimestamp.self] == DuckDBTimestamp(micros: t0.micros + 499))
        #expect(try check["d", as: String.self] == "none")  // unlisted column gets its default
        // A row that appends too few values fails the whole insert, naming the row.
        await #expect {
            try await db.bulkInsert(into: "splits", columns: ["game_id", "market"], rows: ["a", "b", "c"],
                                    priority: .normal) { game, row in
                try row.append(game)
                if game != "b" { try row.append("spread") }
            }
        } throws: { "\($0)".contains("row 1") }
        #expect(try await db.count("splits") == 500)
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func transactionCommitsTogetherOrNotAtAll(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let inside = try await db.transaction { tx in
            try tx.execute("INSERT INTO splits (game_id, market) VALUES ('a', 'moneyline')")
            try tx.execute("INSERT INTO splits (game_id, market) VALUES ('b', 'moneyline')")
            return try tx.query("SELECT count(*) AS n FROM splits")[0]["n", as: Int.self]
        }
        #expect(inside == 2)
        await #expect(throws: DuckDBError.self) {
            try await db.transaction { tx in
                try tx.execute("INSERT INTO splits (game_id, market) VALUES ('c', 'moneyline')")
                try tx.execute("INSERT INTO splits (game_id, market) VALUES ('a', 'moneyline')")  // duplicate
            }
        }
        #expect(try await db.count("splits") == 2)
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func statsHealthAndShutdown(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        try await db.write("INSERT INTO splits (game_id, market) VALUES (?, ?)", ["s", "total"])
        _ = try await db.read("SELECT 1", [])
        #expect(await db.isHealthy())
        let stats = await db.stats()
        #expect(stats.mode == mode)
        #expect(stats.status == .healthy)
        #expect(stats.readsTotal >= 1)
        #expect(stats.writesTotal >= 2)
        #expect(stats.readPoolSize == (mode == .legacy ? 1 : 8))
        #expect(stats.writeQueueSize == 0)
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        for key in ["\"read_pool_size\"", "\"write_queue_size\"", "\"status\"", "\"mode\"", "\"write_latency_ms\""] {
            #expect(json.contains(key), "\(key) missing from \(json)")
        }
        await db.shutdown()
        #expect(await db.stats().status == .stopped)
        #expect(await !db.isHealthy())
        await #expect(throws: CoordinatorError.shutDown) { try await db.write("INSERT INTO splits (game_id, market) VALUES (?, ?)", ["t", "total"]) }
        await #expect(throws: CoordinatorError.shutDown) { _ = try await db.read("SELECT 1", []) }
        await db.shutdown()  // twice is harmless
    }

    @Test(arguments: CoordinatorMode.allCases)
    func sameResultsInBothModes(mode: CoordinatorMode) async throws {
        // The same script gives the same table in either mode (rollback changes nothing visible).
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        for i in 0..<30 {
            try await db.write("INSERT INTO splits (game_id, market, money_pct) VALUES (?, ?, ?)",
                               [.string("g\(i % 10)"), .string(["moneyline", "spread", "total"][i / 10]), .double(Double(i))],
                               priority: OperationPriority.allCases[i % 4])
        }
        try await db.write("UPDATE splits SET money_pct = money_pct + 1 WHERE market = ?", ["total"])
        try await db.flush()
        let digest = try await db.read("SELECT string_agg(game_id || market || money_pct::VARCHAR, ',' ORDER BY game_id, market) AS d FROM splits", [])
        let markets = ["moneyline", "spread", "total"]
        var entries: [(game: String, market: String, pct: Double)] = []
        for i in 0..<30 {
            let pct = Double(i) + (i >= 20 ? 1 : 0)
            entries.append(("g\(i % 10)", markets[i / 10], pct))
        }
        entries.sort { $0.game != $1.game ? $0.game < $1.game : $0.market < $1.market }
        let expected = entries.map { "\($0.game)\($0.market)\($0.pct)" }.joined(separator: ",")
        #expect(try digest[0]["d", as: String.self] == expected)
        await db.shutdown()
    }
}
