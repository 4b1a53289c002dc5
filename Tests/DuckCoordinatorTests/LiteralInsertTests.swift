@testable import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Single-row INSERTs with literal values (psycopg2, pgbench's simple mode) and literals mixed
/// with `$n` (pgbench's extended and prepared modes) join the writer's appender runs, and store
/// exactly what DuckDB would have stored for the same SQL planned the ordinary way.
@Suite struct InsertTemplateTests {
    @Test func parsesWhatDriversSend() throws {
        let psycopg2 = try #require(InsertTemplate(
            "INSERT INTO splits VALUES (42, 745000, 'VSIN', 'it''s', 'moneyline', 61.5,  -0.25, '2025-06-17T00:00:05+00:00'::timestamptz)"))
        #expect(psycopg2.target.table == "splits")
        #expect(psycopg2.parameterCount == 0)
        #expect(psycopg2.values == [.literal(.integer(42)), .literal(.integer(745_000)), .literal(.string("VSIN", cast: nil)),
                                    .literal(.string("it's", cast: nil)), .literal(.string("moneyline", cast: nil)),
                                    .literal(.decimal("61.5")), .literal(.decimal("-0.25")),
                                    .literal(.string("2025-06-17T00:00:05+00:00", cast: "timestamptz"))])
        let pgbench = try #require(InsertTemplate(
            "INSERT INTO splits VALUES ($1, $2, 'VSIN', 'circa', 'moneyline', $3, $4, '2025-06-17 23:05:00+00');"))
        #expect(pgbench.parameterCount == 4)
        #expect(pgbench.values[0] == .parameter(0) && pgbench.values[6] == .parameter(3))
        #expect(!pgbench.isAllParameters && pgbench.hasLiterals)
        let other = try #require(InsertTemplate(
            "insert into \"My Table\" (a, \"b c\", d, e, f) values (NULL, true, DATE '2025-06-17', 1e-05, $1) -- note"))
        #expect(other.target.table == "My Table" && other.target.columns == ["a", "b c", "d", "e", "f"])
        #expect(other.values == [.literal(.null), .literal(.boolean(true)), .literal(.string("2025-06-17", cast: "date")),
                                 .literal(.float("1e-05")), .parameter(0)])
        #expect(InsertTemplate("INSERT INTO t VALUES ($2, $1)")?.values == [.parameter(1), .parameter(0)])
    }

    @Test(arguments: [
        "INSERT INTO t VALUES (1, now())", "INSERT INTO t VALUES (1), (2)", "INSERT INTO t SELECT 1",
        "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", "INSERT INTO t VALUES (1) RETURNING *",
        "INSERT INTO t VALUES (E'a\\nb')", "INSERT INTO t VALUES ('a' 'b')", "INSERT INTO t VALUES (1 + 2)",
        "INSERT INTO t VALUES (DEFAULT)", "INSERT INTO t VALUES (1.5::numeric)", "INSERT INTO t VALUES ('x'::varchar(3))",
        "INSERT INTO t VALUES ('x'::timestamp with time zone)", "INSERT INTO t VALUES (- 5)", "INSERT INTO t VALUES (1e)",
        "INSERT INTO t VALUES (99999999999999999999)", "INSERT INTO t VALUES ($3)", "INSERT INTO t VALUES ('unterminated)",
        "INSERT INTO t VALUES (1) /* a /* nested */ comment */", "INSERT INTO t VALUES (1); DELETE FROM t",
        "INSERT INTO t VALUES (x'00')", "INSERT INTO t VALUES (1.2.3)", "INSERT INTO t (a) VALUES (1, 2)",
    ])
    func leavesEverythingElseToDuckDB(sql: String) {
        #expect(InsertTemplate(sql) == nil)
    }

    @Test func timestampsAndDates() {
        #expect(ISOTimestamp.date("2024-02-29") == 19_782)
        #expect(ISOTimestamp.date("2023-02-29") == nil)
        #expect(ISOTimestamp.date("0000-01-01") == nil)
        let utc = ISOTimestamp.parse("2025-06-17 23:05:00+00")
        #expect(utc?.micros == 1_750_201_500_000_000 && utc?.offsetSeconds == 0)
        #expect(ISOTimestamp.parse("2025-06-17T23:05:00.25+05:30")?.offsetSeconds == 19_800)
        #expect(ISOTimestamp.parse("2025-06-17T23:05:00.25+05:30")?.micros == 1_750_201_500_250_000)
        #expect(ISOTimestamp.parse("2025-06-17 23:05:00")?.offsetSeconds == nil)
        for bad in ["2025-06-17 24:00:00", "2025-06-17 23:05:60", "2025-06-17 23:05:00.1234567", "2025-06-17 23:05",
                    "2025-06-17 23:05:00 UTC", "infinity", "2025-06-17 23:05:00+0"] {
            #expect(ISOTimestamp.parse(bad) == nil, "\(bad)")
        }
    }
}

@Suite struct LiteralInsertTests {
    static let create = """
        CREATE TABLE lit (id BIGINT PRIMARY KEY, i INTEGER, s SMALLINT, d DOUBLE, t VARCHAR, b BOOLEAN, day DATE,
          ts TIMESTAMP, tz TIMESTAMPTZ, n DECIMAL(12, 3))
        """

    /// Random literals of every kind a driver writes, as SQL text for each column.
    static func randomRow(_ id: Int, _ random: inout some RandomNumberGenerator) -> [String] {
        func decimal(maxDigits: Int = 15, maxScale: Int = 9) -> String {
            let digits = Int.random(in: 1...maxDigits, using: &random)
            let scale = Int.random(in: 0...min(digits, maxScale), using: &random)
            var text = String((0..<digits).map { _ in "0123456789".randomElement(using: &random)! })
            if scale > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -scale)) } else { text += ".0" }
            return (Bool.random(using: &random) ? "-" : "") + text
        }
        let doubles = [decimal(), decimal(), "-0.0", "0.1", "1e-05", "6.02214076e+23", "-1.5E3", "12345678901234.5",
                       String(Double.random(in: -1e6...1e6, using: &random)), String(Int.random(in: -(1 << 53)...(1 << 53), using: &random))]
        let strings = ["'plain'", "'it''s'", "'héllo ⚾'", "''", "'  padded  '", "'a\\b'"]
        let days = ["'2024-02-29'", "'1999-12-31'", "DATE '2025-06-17'", "'2025-06-17'::date"]
        let stamps = ["'2025-06-17 23:05:00'", "'2025-06-17T23:05:00.123456'", "TIMESTAMP '2001-02-03 04:05:06.5'"]
        let zoned = ["'2025-06-17 23:05:00+00'", "'2025-06-17T00:00:05+00:00'::timestamptz", "'2025-06-17 23:05:00.25-07'",
                     "'2025-06-17 01:02:03+05:30'", "'2025-06-17 01:02:03Z'", "TIMESTAMPTZ '2030-01-01 00:00:00+0100'"]
        func maybeNull(_ text: String) -> String { Int.random(in: 0..<10, using: &random) == 0 ? "NULL" : text }
        return [String(id), maybeNull(String(Int.random(in: Int(Int32.min)...Int(Int32.max), using: &random))),
                maybeNull(String(Int.random(in: -32_768...32_767, using: &random))), maybeNull(doubles.randomElement(using: &random)!),
                maybeNull(strings.randomElement(using: &random)!), maybeNull(Bool.random(using: &random) ? "true" : "FALSE"),
                maybeNull(days.randomElement(using: &random)!), maybeNull(stamps.randomElement(using: &random)!),
                maybeNull(zoned.randomElement(using: &random)!),
                // A DECIMAL column takes no literal the appender way: one row in five runs planned.
                Int.random(in: 0..<5, using: &random) == 0 ? decimal(maxDigits: 9, maxScale: 3) : "NULL"]
    }

    /// Every value of the table, exactly: doubles as bit patterns (so -0.0 and 0.0 differ),
    /// timestamps in microseconds.
    static func snapshot(_ result: ResultSet) -> [String] {
        result.rows.map { row in
            row.values.map { value -> String in
                switch value {
                case .double(let d): "d\(d.bitPattern)"
                case .timestamp(let t): "ts\(t.micros)"
                case .timestampTZ(let t): "tz\(t.micros)"
                default: "\(value)"
                }
            }.joined(separator: "|")
        }
    }

    @Test func literalsStoreWhatDuckDBWouldStore() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath)
        try await db.immediateWrite(Self.create)
        let reference = try Database(path: ":memory:")
        let direct = try reference.connect()
        try direct.execute(Self.create)
        var random = SystemRandomNumberGenerator()
        // Several writers at once, so the writes form batches (appender runs) of many rows.
        let rows = (0..<400).map { Self.randomRow($0, &random) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for part in 0..<8 {
                group.addTask {
                    for row in rows[(part * 50)..<(part * 50 + 50)] {
                        try await db.write("INSERT INTO lit VALUES (\(row.joined(separator: ", ")))", [])
                    }
                }
            }
            try await group.waitForAll()
        }
        for row in rows { try direct.execute("INSERT INTO lit VALUES (\(row.joined(separator: ", ")))") }
        let ours = Self.snapshot(try await db.read("SELECT * FROM lit ORDER BY id"))
        let duck = Self.snapshot(try direct.query("SELECT * FROM lit ORDER BY id"))
        #expect(ours.count == 400)
        for (index, (a, b)) in zip(ours, duck).enumerated() where a != b {
            Issue.record("row \(index) (\(rows[index].joined(separator: ", "))): \(a) ≠ DuckDB's \(b)")
        }
        // Most rows took the appender (those with a value only DuckDB can judge — a DECIMAL
        // column, a zone-less TIMESTAMPTZ — ran planned).
        let stats = await db.stats()
        #expect(stats.coalescedRows > 0, "literal INSERTs joined appender runs")
        direct.close()
        reference.close()
        await db.shutdown()
    }

    @Test func aPlainLiteralRowAppendsAndTheRestPlans() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath)
        try await db.immediateWrite("CREATE TABLE t (id BIGINT PRIMARY KEY, x DOUBLE, tz TIMESTAMPTZ, i INTEGER)")
        try await db.write("INSERT INTO t VALUES (1, 61.5, '2025-06-17 23:05:00+00', 7)", [])
        #expect(await db.stats().coalescedRows == 1, "one literal row: an appender run of one, committed by its close")
        // Not provably the same here: DuckDB decides (1.5 into INTEGER rounds to 2).
        try await db.write("INSERT INTO t VALUES (2, 1, '2025-06-17 23:05:00+00', 1.5)", [])
        #expect(await db.stats().coalescedRows == 1)
        let two: Int = try await db.read("SELECT i FROM t WHERE id = 2")[0]["i"]
        #expect(two == 2)
        // DuckDB's own errors, for the planned way and the appender alike.
        await #expect(throws: DuckDBError.self) { try await db.write("INSERT INTO t VALUES (3, 'abc', NULL, 1)", []) }
        await #expect(throws: DuckDBError.self) { try await db.write("INSERT INTO t VALUES (1, 2.5, NULL, 1)", []) }
        let count: Int = try await db.read("SELECT count(*) AS n FROM t")[0]["n"]
        #expect(count == 2)
        await db.shutdown()
    }

    @Test func aTableChangedBehindTheWriterIsNoticed() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath)
        try await db.immediateWrite("CREATE TABLE t (id BIGINT, x DOUBLE)")
        try await db.write("INSERT INTO t VALUES (1, 61.5)", [])
        // A schema change the writer does not see coming (through a reader connection): the
        // types it converted literals for no longer hold, and the appender says so.
        _ = try await db.read("ALTER TABLE t ALTER x TYPE VARCHAR")
        try await db.write("INSERT INTO t VALUES (2, 61.50)", [])
        let text: String = try await db.read("SELECT x FROM t WHERE id = 2")[0]["x"]
        #expect(text == "61.50", "DuckDB's cast of the DECIMAL literal 61.50 to VARCHAR, not a double's")
        await db.shutdown()
    }
}
