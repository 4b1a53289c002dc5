import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// The catalog's generation advances after what may change the catalog (DDL, a transaction,
/// a held writer's DDL and COMMIT), before its caller is answered, and not after plain
/// reads and INSERTs; parameter types asked of a reader after DDL are the new ones.
@Suite struct CatalogGenerationTests {
    @Test func advancesAfterDDLAndTransactionsButNotAfterReadsAndInserts() async throws {
        let folder = try TemporaryFolder()
        let db = try DatabaseCoordinator(path: folder.databasePath)
        var seen = try #require(db.catalogGeneration)
        try await db.immediateWrite("CREATE TABLE t (v BIGINT)")
        #expect(try #require(db.catalogGeneration) != seen, "DDL")
        seen = try #require(db.catalogGeneration)

        try await db.write("INSERT INTO t VALUES (?)", [.int(1)])
        try await db.write("INSERT INTO t VALUES (2)", [])
        _ = try await db.read("SELECT * FROM t WHERE v = ?", [.int(1)])
        #expect(db.catalogGeneration == seen, "INSERTs and reads leave it")

        try await db.write("UPDATE t SET v = 3 WHERE v = 2", [])
        #expect(db.catalogGeneration == seen, "an UPDATE leaves it")
        try await db.write("CREATE VIEW w AS SELECT * FROM t", [])
        #expect(db.catalogGeneration != seen, "DDL that went through the batches")
        seen = try #require(db.catalogGeneration)

        _ = try await db.transaction { context in try context.execute("ALTER TABLE t ADD COLUMN c INTEGER") }
        #expect(db.catalogGeneration != seen, "a transaction")
        seen = try #require(db.catalogGeneration)

        let session = try await db.beginWriterSession()
        try await session.execute("BEGIN TRANSACTION")
        try await session.execute("INSERT INTO t VALUES (4, 4)")
        #expect(db.catalogGeneration == seen, "BEGIN and INSERT on a held writer")
        try await session.execute("ALTER TABLE t DROP COLUMN c")
        let afterDDL = try #require(db.catalogGeneration)
        #expect(afterDDL != seen, "DDL on a held writer")
        try await session.execute("COMMIT")
        #expect(db.catalogGeneration != afterDDL, "its COMMIT publishes the DDL")
        await session.release()
        await db.shutdown()
    }

    @Test func parameterTypesAfterAlterAreTheNewOnes() async throws {
        let folder = try TemporaryFolder()
        var config = ConnectionConfig.production
        config.readPoolSize = 1 // one reader: the second ask hits its cached statement
        let db = try DatabaseCoordinator(path: folder.databasePath, config: config)
        try await db.immediateWrite("CREATE TABLE t (v BIGINT)")
        let sql = "INSERT INTO t VALUES ($1)"
        #expect(try await db.parameterTypeNames(of: sql) == ["BIGINT"])
        #expect(try await db.parameterTypeNames(of: sql) == ["BIGINT"], "from the reader's cached statement")
        try await db.immediateWrite("ALTER TABLE t ALTER COLUMN v TYPE VARCHAR")
        #expect(try await db.parameterTypeNames(of: sql) == ["VARCHAR"])
        try await db.immediateWrite("DROP TABLE t")
        await #expect(throws: DuckDBError.self) { try await db.parameterTypeNames(of: sql) }
        await db.shutdown()
    }

    @Test func whichStatementsMayChangeTheCatalog() {
        for sql in ["SELECT 1", "  insert into t values (1);", "UPDATE t SET v = 1", "DELETE FROM t", "WITH x AS (SELECT 1) SELECT * FROM x",
                    "/* sharp:write-key=k1 */ INSERT INTO t VALUES (1)", "-- note\nSELECT 1", "(SELECT 1)", "BEGIN TRANSACTION", "",
                    "DELETE FROM t ; ;\n\t ", ";"] {
            #expect(!CatalogGeneration.mayChangeCatalog(sql), "\(sql)")
        }
        for sql in ["CREATE TABLE t (v INT)", "alter table t add column c int", "DROP TABLE t", "COMMIT", "ROLLBACK", "END", "SET search_path = s",
                    "PRAGMA enable_profiling", "ATTACH 'x.db'", "INSERT INTO t VALUES (1); DROP TABLE t", "/* c */ CREATE VIEW w AS SELECT 1",
                    "EXPLAIN ANALYZE CREATE TABLE u AS SELECT 1", "SELECT 1;DROP TABLE t;", "INSERT INTO t VALUES ('é'); DROP TABLE t",
                    "; DROP TABLE t"] {
            #expect(CatalogGeneration.mayChangeCatalog(sql), "\(sql)")
        }
    }
}
