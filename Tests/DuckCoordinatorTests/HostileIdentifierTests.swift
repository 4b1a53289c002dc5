import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Names given to `bulkInsert(into:columns:)` go through `SQLIdentifier` (one quoted identifier
/// each, whatever they contain) and values are always bound: hostile names fail cleanly and
/// change nothing, hostile values are stored verbatim.
@Suite struct HostileIdentifierTests {
    static let hostileTables = [
        "x; DROP TABLE games", "games; DROP TABLE games; --", "games\"; DROP TABLE games; --",
        "games\" (id) VALUES (1); DROP TABLE games; --", "main.games; DROP TABLE games",
        "", "games\u{0}", String(repeating: "g", count: 300), "'games'", "games--",
    ]

    func open(_ mode: CoordinatorMode, _ folder: TemporaryFolder) async throws -> DatabaseCoordinator {
        let db = try DatabaseCoordinator(path: folder.databasePath, mode: mode, config: .production)
        try await db.immediateWrite("CREATE TABLE games (id INTEGER, name VARCHAR)")
        _ = try await db.bulkInsert(into: "games", columns: ["id", "name"], rows: [[1, "PIT@CHC"], [2, "NYY@BOS"]])
        return db
    }

    @Test(arguments: CoordinatorMode.allCases)
    func hostileTableAndColumnNamesFailAndDropNothing(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        for table in Self.hostileTables {
            await #expect(throws: (any Error).self, "table \(table.debugDescription)") {
                try await db.bulkInsert(into: table, columns: ["id", "name"], rows: [[9, "evil"]])
            }
        }
        for column in ["id) VALUES (1); DROP TABLE games; --", "id\"", "", "id\u{0}x"] {
            await #expect(throws: (any Error).self, "column \(column.debugDescription)") {
                try await db.bulkInsert(into: "games", columns: [column, "name"], rows: [[9, "evil"]])
            }
        }
        let rows = try await db.read("SELECT id, name FROM games ORDER BY id", [])
        #expect(try rows.map { try $0["id", as: Int.self] } == [1, 2])
        #expect(try await db.read("SELECT count(*) AS n FROM duckdb_tables()", [])[0]["n", as: Int.self] == 1)
        await db.shutdown()
    }

    /// A name that is odd but valid is one identifier: a table really named `x; DROP TABLE games`
    /// takes the rows, and `games` is untouched.
    @Test(arguments: CoordinatorMode.allCases)
    func aTableReallyNamedLikeAnAttackIsJustATable(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let name = "x; DROP TABLE games"
        try await db.immediateWrite("CREATE TABLE \(try SQLIdentifier.quoted(name)) (\(try SQLIdentifier.quoted("we\"ird col")) INTEGER)")
        #expect(try await db.bulkInsert(into: name, columns: ["we\"ird col"], rows: [[7], [8]]) == 2)
        #expect(try await db.read("SELECT sum(\"we\"\"ird col\") AS s FROM \"x; DROP TABLE games\"", [])[0]["s", as: Int.self] == 15)
        #expect(try await db.count("games") == 2)
        await db.shutdown()
    }

    @Test(arguments: CoordinatorMode.allCases)
    func hostileValuesAreBoundNotSpliced(mode: CoordinatorMode) async throws {
        let folder = try TemporaryFolder()
        let db = try await open(mode, folder)
        let values = ["'); DROP TABLE games; --", "\" OR 1=1 --", "a\u{0}b", "Robert'); DELETE FROM games;--", "$1 ? ?"]
        _ = try await db.bulkInsert(into: "games", columns: ["id", "name"],
                                    rows: values.enumerated().map { [.int(Int64(10 + $0.offset)), .string($0.element)] })
        for (i, value) in values.enumerated() {
            try await db.write("INSERT INTO games (id, name) VALUES (?, ?)", [.int(Int64(20 + i)), .string(value)])
        }
        let stored = try await db.read("SELECT name FROM games WHERE id >= 10 ORDER BY id", []).map { try $0["name", as: String.self] }
        #expect(stored == values + values)
        #expect(try await db.count("games") == 12)
        await db.shutdown()
    }

    @Test func theHelperQuotesOrRefuses() throws {
        #expect(try SQLIdentifier.quoted("games") == "\"games\"")
        #expect(try SQLIdentifier.quoted("a\"b") == "\"a\"\"b\"")
        #expect(try SQLIdentifier.qualified("main.games") == "\"main\".\"games\"")
        #expect(try SQLIdentifier.qualified("x; DROP TABLE games") == "\"x; DROP TABLE games\"")
        for bad in ["", "a\u{0}", String(repeating: "x", count: 256), "main."] {
            #expect(throws: DuckDBError.self) { try SQLIdentifier.qualified(bad) }
        }
    }
}
