import DuckDBKit
import Foundation
import Testing

@Suite struct RoundTripTests {
    let temp: TemporaryDatabase
    let connection: Connection

    init() throws {
        temp = try TemporaryDatabase()
        connection = try temp.database.connect()
        try connection.execute("""
            CREATE TABLE t (
              b BOOLEAN, i BIGINT, d DOUBLE, s VARCHAR, bl BLOB, dt DATE, ts TIMESTAMP,
              tz TIMESTAMPTZ, dec DECIMAL(18,4), big DECIMAL(38,10), tm TIME, iv INTERVAL)
            """)
    }

    /// Binds `value` into column `column`, reads it back, and returns what came back.
    func roundTrip(_ column: String, _ value: DuckDBValue) throws -> DuckDBValue {
        try connection.execute("DELETE FROM t")
        try connection.execute("INSERT INTO t (\(column)) VALUES (?)", [value])
        return try connection.query("SELECT \(column) FROM t")[0][0]
    }

    @Test func nullInEveryColumn() throws {
        try connection.execute("INSERT INTO t DEFAULT VALUES")
        let row = try connection.query("SELECT * FROM t")[0]
        #expect(row.values.count == 12)
        let allNull = row.values.allSatisfy { $0.isNull }
        #expect(allNull)
        let optional: String? = try row["s"]
        #expect(optional == nil)
        #expect(throws: DuckDBError.self) { let _: String = try row["s"] }
    }

    @Test func integersAtTheLimits() throws {
        for value: Int64 in [Int64.min, -1, 0, 1, Int64.max] {
            #expect(try roundTrip("i", .int(value)) == .int(value))
        }
    }

    @Test func doublesIncludingNaNAndInfinity() throws {
        #expect(try roundTrip("d", .double(.infinity)) == .double(.infinity))
        #expect(try roundTrip("d", .double(-.infinity)) == .double(-.infinity))
        #expect(try roundTrip("d", .double(-0.1)) == .double(-0.1))
        guard case .double(let nan) = try roundTrip("d", .double(.nan)) else {
            Issue.record("NaN did not come back as a double"); return
        }
        #expect(nan.isNaN)
    }

    @Test func stringsUnicodeEmptyAndLong() throws {
        let long = String(repeating: "splits·⚾️", count: 500)
        for text in ["", "a", "exactly12byt", "thirteen byte", "Ñandú 日本 ⚾️ 🧢", long] {
            #expect(try roundTrip("s", .string(text)) == .string(text))
        }
    }

    @Test func booleansAndBlobs() throws {
        #expect(try roundTrip("b", true) == .bool(true))
        #expect(try roundTrip("b", false) == .bool(false))
        let bytes = Data([0, 1, 2, 255, 0, 42])
        #expect(try roundTrip("bl", .blob(bytes)) == .blob(bytes))
        #expect(try roundTrip("bl", .blob(Data())) == .blob(Data()))
    }

    @Test func datesAndTimestampsKeepMicroseconds() throws {
        let day = DuckDBDate(year: 2025, month: 6, day: 17)
        #expect(day.description == "2025-06-17")
        #expect(try roundTrip("dt", .date(day)) == .date(day))
        #expect(try roundTrip("dt", .date(DuckDBDate(year: 1900, month: 2, day: 28))) == .date(DuckDBDate(year: 1900, month: 2, day: 28)))
        let micros = DuckDBTimestamp(micros: 1_750_186_800_123_457)  // 2025-06-17T19:00:00.123457Z
        #expect(try roundTrip("ts", .timestamp(micros)) == .timestamp(micros))
        #expect(try roundTrip("tz", .timestampTZ(micros)) == .timestampTZ(micros))
        #expect(try roundTrip("tm", .time(DuckDBTime(micros: 45_296_000_001))) == .time(DuckDBTime(micros: 45_296_000_001)))
        let interval = DuckDBInterval(months: 1, days: 2, micros: 3_000_004)
        #expect(try roundTrip("iv", .interval(interval)) == .interval(interval))
    }

    @Test func timestampTZIsAnInstantWhateverTheSessionZone() throws {
        // The same instant written with an offset and with Z reads back as one UTC value.
        try connection.execute("SET TimeZone = 'America/New_York'")
        try connection.execute("INSERT INTO t (tz) VALUES ('2025-06-17 15:05:00-04'), ('2025-06-17T19:05:00Z')")
        let rows = try connection.query("SELECT tz FROM t")
        let expected = DuckDBTimestamp(micros: 1_750_187_100_000_000)
        #expect(rows.map { $0[0] } == [.timestampTZ(expected), .timestampTZ(expected)])
        let date: Date = try rows[0]["tz"]
        #expect(date == Date(timeIntervalSince1970: 1_750_187_100))
        // A Date binds as TIMESTAMPTZ: the instant, not the session's wall time.
        try connection.execute("DELETE FROM t")
        try connection.execute("INSERT INTO t (tz) VALUES (?)", [Date(timeIntervalSince1970: 1_750_187_100).duckDBValue])
        #expect(try connection.query("SELECT epoch(tz)::BIGINT AS e FROM t")[0]["e", as: Int.self] == 1_750_187_100)
    }

    @Test func decimalsExactly() throws {
        for text in ["0", "123.4567", "-0.0001", "99999999999999.9999"] {
            let value = Decimal(string: text)!
            #expect(try roundTrip("dec", .decimal(value)) == .decimal(value), "\(text)")
        }
        let wide = Decimal(string: "-1234567890123456789012345678.0123456789")!
        #expect(try roundTrip("big", .decimal(wide)) == .decimal(wide))
        let read: Double = try connection.query("SELECT 1.25::DECIMAL(4,2) AS x")[0]["x"]
        #expect(read == 1.25)
    }

    @Test func otherIntegerWidthsHugeintAndEnums() throws {
        let row = try connection.query("""
            SELECT 7::TINYINT AS a, 300::SMALLINT AS b, (-5)::INTEGER AS c, 18446744073709551615::UBIGINT AS d,
                   170141183460469231731687303715884105727::HUGEINT AS e, (-42)::HUGEINT AS f,
                   'b'::ENUM('a','b') AS g, 'a1b2c3d4-0000-4000-8000-000000000001'::UUID AS h, 2.5::FLOAT AS k
            """)[0]
        #expect(row[0] == .int(7))
        #expect(row[1] == .int(300))
        #expect(row[2] == .int(-5))
        #expect(row[3] == .uint(UInt64.max))
        #expect(row[4] == .decimal(Decimal(string: "170141183460469231731687303715884105727")!))
        #expect(row[5] == .int(-42))
        #expect(row[6] == .string("b"))
        #expect(row[7] == .string("a1b2c3d4-0000-4000-8000-000000000001"))
        #expect(row[8] == .double(2.5))
    }

    @Test func unsupportedTypesSayWhatToDo() throws {
        #expect {
            _ = try connection.query("SELECT union_value(n := 2) AS u")
        } throws: { error in
            let e = error as? DuckDBError
            return e?.kind == .typeMismatch && e!.message.contains("UNION") && e!.message.contains("::VARCHAR")
        }
    }

    /// LIST, ARRAY, STRUCT and MAP: a row holds DuckDB's text for them; a chunk gives their
    /// elements and fields (what the server writes as PostgreSQL arrays and records).
    @Test func nestedColumnsAsTextAndAsElements() throws {
        let sql = "SELECT [1, NULL, 3] AS l, {'a': 'x', 'b': [true]} AS s, [[1, 2], []] AS ll, [1.5, 2.5]::DOUBLE[2] AS a, MAP {'k': 7} AS m, NULL::INTEGER[] AS n"
        let row = try connection.query(sql)[0]
        #expect(row.value("l") == .string("[1, NULL, 3]") && row.value("n") == .null)
        #expect(row.value("s") == .string("{'a': x, 'b': [true]}"))
        var nested: [DuckDBNestedValue?] = []
        try connection.forEachChunk(sql) { chunk in
            nested = (0..<chunk.columnCount).map { chunk.nested(column: $0, row: 0) }
            #expect(chunk.isNested(column: 0) && chunk.typeName(column: 1) == "STRUCT" && chunk.name(column: 2) == "ll")
        }
        #expect(nested[0]?.duckDBText == "[1, NULL, 3]")
        #expect(nested[2]?.duckDBText == "[[1, 2], []]")
        #expect(nested[3]?.duckDBText == "[1.5, 2.5]")
        #expect(nested[4]?.duckDBText == "[{'key': k, 'value': 7}]")
        if case .null? = nested[5] {} else { Issue.record("NULL list read as \(String(describing: nested[5]))") }
    }

    @Test func preparedStatementReusedWithNewBindings() throws {
        try connection.execute("CREATE TABLE p (team VARCHAR, pct DOUBLE)")
        let insert = try connection.prepare("INSERT INTO p VALUES (?, ?)")
        #expect(insert.parameterCount == 2)
        for (team, pct) in [("CHC", 65.69), ("PIT", 34.31), ("NYM", 50.0)] {
            try insert.bind([.string(team), .double(pct)])
            #expect(try insert.execute() == 1)
        }
        let select = try connection.prepare("SELECT team FROM p WHERE pct > ? ORDER BY team")
        try select.bind([40.0])
        #expect(try select.query().map { try $0["team", as: String.self] } == ["CHC", "NYM"])
        try select.bind([60.0])
        #expect(try select.query().map { try $0["team", as: String.self] } == ["CHC"])
        #expect(throws: DuckDBError.self) { try select.bind([1.0, 2.0]) }
    }

    @Test func rowsChangedAndTransactions() throws {
        try connection.execute("CREATE TABLE r (x INTEGER)")
        #expect(try connection.execute("INSERT INTO r SELECT * FROM range(5)") == 5)
        #expect(try connection.execute("UPDATE r SET x = x + 1 WHERE x >= ?", [3]) == 2)
        #expect(throws: DuckDBError.self) {
            try connection.transaction { c in
                try c.execute("DELETE FROM r")
                try c.execute("SELECT * FROM no_such_table")
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM r")[0]["n", as: Int.self] == 5)
    }

    @Test func chunkStreamingSeesEveryRow() throws {
        var sum: Int64 = 0, rows = 0, nulls = 0
        try connection.forEachChunk("SELECT CASE WHEN i % 10 = 0 THEN NULL ELSE i END AS v FROM range(10000) r(i)") { chunk in
            for row in 0..<chunk.count {
                rows += 1
                if chunk.isNull(column: 0, row: row) { nulls += 1 } else { sum += chunk.int64(column: 0, row: row) }
            }
        }
        #expect(rows == 10_000)
        #expect(nulls == 1_000)
        #expect(sum == 49_995_000 - 4_995_000)  // all i minus the multiples of 10
    }
}
