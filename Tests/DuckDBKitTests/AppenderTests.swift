import DuckDBKit
import Foundation
import Testing

@Suite struct AppenderTests {
    @Test func millionRowsThenCountAndChecksum() throws {
        let temp = try TemporaryDatabase()
        let connection = try temp.database.connect()
        try connection.execute("CREATE TABLE splits (id BIGINT, team VARCHAR, pct DOUBLE, seen TIMESTAMPTZ)")
        let appender = try connection.appender(table: "splits")
        let base = DuckDBTimestamp(micros: 1_750_000_000_000_000)
        var idSum: Int64 = 0, pctSum = 0.0
        let teams = ["CHC", "PIT", "a-much-longer-team-name-than-twelve-bytes"]
        for i in 0..<1_000_000 {
            let id = Int64(i) * 7 - 3
            let pct = Double(i % 1000) / 10
            idSum += id
            pctSum += pct
            try appender.append(id)
            try appender.append(teams[i % 3])
            try appender.append(pct)
            try appender.append(DuckDBTimestamp(micros: base.micros + Int64(i)))
            try appender.endRow()
        }
        try appender.close()
        let row = try connection.query("""
            SELECT count(*) AS n, sum(id) AS ids, sum(pct) AS pcts, count(DISTINCT team) AS teams,
                   max(epoch_us(seen)) - min(epoch_us(seen)) AS span,
                   sum(CASE WHEN team = 'a-much-longer-team-name-than-twelve-bytes' THEN 1 ELSE 0 END) AS longs
            FROM splits
            """)[0]
        #expect(try row["n", as: Int.self] == 1_000_000)
        #expect(try row["ids", as: Int64.self] == idSum)
        #expect(abs(try row["pcts", as: Double.self] - pctSum) < 1e-6)
        #expect(try row["teams", as: Int.self] == 3)
        #expect(try row["span", as: Int.self] == 999_999)
        #expect(try row["longs", as: Int.self] == 333_333)
    }

    @Test func valuesOfEveryKindAndRowHelper() throws {
        let temp = try TemporaryDatabase()
        let connection = try temp.database.connect()
        try connection.execute("CREATE TABLE v (a VARCHAR, b BIGINT, c DOUBLE, d DATE, e DECIMAL(10,2), f BOOLEAN, g BLOB)")
        let appender = try connection.appender(table: "v")
        #expect(appender.columnCount == 7)
        try appender.appendRow(["x", 1, 2.5, .date(DuckDBDate(year: 2025, month: 6, day: 17)),
                                .decimal(Decimal(string: "12.34")!), true, .blob(Data([1, 2]))])
        try appender.appendRow([nil, nil, nil, nil, nil, nil, nil])
        try appender.close()
        let rows = try connection.query("SELECT * FROM v ORDER BY a NULLS LAST")
        #expect(rows.count == 2)
        #expect(rows[0].values == ["x", 1, 2.5, .date(DuckDBDate(year: 2025, month: 6, day: 17)),
                                   .decimal(Decimal(string: "12.34")!), true, .blob(Data([1, 2]))])
        #expect(rows[1].values.allSatisfy { $0.isNull })
    }

    @Test func constraintViolationOnFlushIsAThrownErrorAndNothingLands() throws {
        let temp = try TemporaryDatabase()
        let connection = try temp.database.connect()
        try connection.execute("CREATE TABLE k (id INTEGER PRIMARY KEY)")
        let appender = try connection.appender(table: "k")
        for id in [1, 2, 2] { try appender.append(id); try appender.endRow() }
        #expect {
            try appender.flush()
        } throws: { ($0 as? DuckDBError)?.kind == .constraint }
        #expect(try connection.query("SELECT count(*) AS n FROM k")[0]["n", as: Int.self] == 0)
    }

    @Test func appendingAfterCloseThrowsClosed() throws {
        let temp = try TemporaryDatabase()
        let connection = try temp.database.connect()
        try connection.execute("CREATE TABLE c (x INTEGER)")
        let appender = try connection.appender(table: "c")
        try appender.close()
        #expect { try appender.append(1) } throws: { ($0 as? DuckDBError)?.kind == .closed }
        #expect { _ = try connection.appender(table: "missing") } throws: { ($0 as? DuckDBError)?.kind == .catalog }
    }
}
