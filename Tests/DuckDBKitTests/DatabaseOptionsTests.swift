import DuckDBKit
import Testing

/// The settings a `Database` is opened with reach DuckDB: async I/O threads off unless asked for
/// (a local file does not need them; DuckDB's default of 8 made every open database 9 threads).
@Suite struct DatabaseOptionsTests {
    private func setting(_ name: String, _ options: DatabaseOptions) throws -> DuckDBValue {
        let db = try TemporaryDatabase(options: options)
        let connection = try db.database.connect()
        defer { connection.close() }
        return try connection.query("SELECT current_setting('\(name)')::BIGINT")[0][0]
    }

    @Test func asyncThreadsAreOffByDefaultAndDuckDBsDefaultWhenNil() throws {
        #expect(try setting("async_threads", DatabaseOptions()) == .int(0))
        #expect(try setting("async_threads", DatabaseOptions(asyncThreads: 3)) == .int(3))
        #expect(try setting("async_threads", DatabaseOptions(asyncThreads: nil)) == .int(8))
        #expect(try setting("threads", DatabaseOptions(threads: 1)) == .int(1))
    }
}
