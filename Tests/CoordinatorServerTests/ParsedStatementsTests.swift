import Foundation
import Testing

/// A text parsed again (the unnamed statement of pgbench `-M extended` and of most drivers) is
/// served from the session's ``ParsedStatements`` — and after DDL, by this session or another,
/// directly or inside a transaction, its parameter types and its errors are those of the new
/// catalog, as PostgreSQL re-parses an unnamed statement every time.
@Suite(.serialized) struct ParsedStatementsTests {
    @Test func reparsedTextFollowsAlterDropAndOtherSessionsDDL() async throws {
        let server = try await RunningServer.start()
        let result = try await server.python(pythonClient + ExtendedQueryOutputTests.extendedClient + #"""
        a, _ = connect()
        b, _ = connect()
        INSERT = "INSERT INTO t VALUES ($1)"
        def insert(s, value):
            s.sendall(parse("", INSERT, []) + describe_statement("") + bind("", "", [value]) + execute("") + sync())
            got = read_until(s, b"Z")
            return parameter_types(got), error_code(got)
        query(a, "CREATE TABLE t (v BIGINT)")
        print("bigint", insert(a, "7"), insert(a, "8"))
        query(a, "ALTER TABLE t ALTER COLUMN v TYPE VARCHAR")
        print("varchar", insert(a, "007"), query(a, "SELECT v FROM t WHERE v = '007'")[0])
        query(b, "BEGIN")
        query(b, "ALTER TABLE t ALTER COLUMN v TYPE DOUBLE USING CAST(v AS DOUBLE)")
        query(b, "COMMIT")
        print("double", insert(a, "2.5"), query(a, "SELECT count(*) FROM t WHERE v = 2.5")[0])
        query(b, "DROP TABLE t")
        print("dropped", insert(a, "1"))
        query(b, "CREATE TABLE t (v DATE)")
        print("date", insert(a, "2025-06-17"), query(a, "SELECT CAST(v AS VARCHAR) FROM t")[0])
        """#)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // int8 20, varchar 1043, float8 701, date 1082; with the table dropped nothing is
        // inferred (text, 25) and the INSERT fails 42P01 at Execute.
        #expect(lines.contains("bigint ([20], None) ([20], None)"), "\(result.stdout)")
        #expect(lines.contains("varchar ([1043], None) [b'\\x00\\x01\\x00\\x00\\x00\\x03007']"), "\(result.stdout)")
        #expect(lines.contains("double ([701], None) [b'\\x00\\x01\\x00\\x00\\x00\\x011']"), "\(result.stdout)")
        #expect(lines.contains("dropped ([25], '42P01')"), "\(result.stdout)")
        #expect(lines.contains("date ([1082], None) [b'\\x00\\x01\\x00\\x00\\x00\\n2025-06-17']"), "\(result.stdout)")
        await server.stop()
    }
}
