@testable import CoordinatorServer
import DuckDBKit
import NIOCore
import Testing

@Suite struct SQLTextTests {
    @Test func hexByteaLiteralsBecomeUnhex() {
        #expect(CatalogCompatibility.hexByteaLiterals(#"INSERT INTO t VALUES ('\x00ffAB'::bytea, 'x')"#) == "INSERT INTO t VALUES (unhex('00ffAB'), 'x')")
        #expect(CatalogCompatibility.hexByteaLiterals(#"SELECT '\\x01'::bytea"#) == "SELECT unhex('01')")
        #expect(CatalogCompatibility.hexByteaLiterals(#"SELECT 'it''\x01'::bytea"#) == #"SELECT 'it''\x01'::bytea"#)
        #expect(CatalogCompatibility.hexByteaLiterals("SELECT 'abc'::bytea") == "SELECT 'abc'::bytea")
    }

    @Test func splitRespectsQuotesCommentsAndDollarQuotes() {
        #expect(SQLScript.split("SELECT ';'; INSERT INTO t VALUES (1); -- done;") == ["SELECT ';'", "INSERT INTO t VALUES (1)"])
        #expect(SQLScript.split("SELECT \"a;b\" FROM t /* ; */; SELECT $$x;y$$; SELECT $tag$;$tag$") ==
                ["SELECT \"a;b\" FROM t /* ; */", "SELECT $$x;y$$", "SELECT $tag$;$tag$"])
        #expect(SQLScript.split("  ;; -- only a comment\n") == [])
        #expect(SQLScript.split("SELECT 'it''s; fine'") == ["SELECT 'it''s; fine'"])
    }

    @Test func parameterCountSeesPlaceholdersOutsideQuotes() {
        #expect(SQLScript.parameterCount("SELECT $1, $3, '$2' FROM t WHERE x = $2") == 3)
        #expect(SQLScript.parameterCount("INSERT INTO t VALUES (?, ?)") == 2)
        #expect(SQLScript.parameterCount("SELECT $$?$$") == 0)
    }

    @Test func kindsAndCommandTags() {
        #expect(StatementKind("  -- hi\n select 1") == .read)
        #expect(StatementKind("INSERT INTO t VALUES (1)") == .write)
        #expect(StatementKind("create table t (x int)") == .immediate)
        #expect(StatementKind("BEGIN") == .begin && StatementKind("START TRANSACTION") == .begin)
        #expect(StatementKind("END") == .commit && StatementKind("ABORT") == .rollback)
        #expect(StatementKind("COPY t FROM STDIN WITH (FORMAT csv)") == .copyFromStdin)
        #expect(StatementKind("SET search_path = main") == .set)
        #expect(StatementKind.commandTag("SELECT 1", rows: 3) == "SELECT 3")
        #expect(StatementKind.commandTag("insert into t values (1)", rows: 2) == "INSERT 0 2")
        #expect(StatementKind.commandTag("UPDATE t SET x = 1", rows: 5) == "UPDATE 5")
        #expect(StatementKind.commandTag("DELETE FROM t", rows: 0) == "DELETE 0")
        #expect(StatementKind.commandTag("CREATE OR REPLACE TABLE t AS SELECT 1", rows: 1) == "CREATE TABLE")
        #expect(StatementKind.commandTag("create unique index i on t (x)", rows: 0) == "CREATE INDEX")
        #expect(StatementKind.commandTag("DROP VIEW IF EXISTS v", rows: 0) == "DROP VIEW")
    }

    @Test func duckDBErrorsMapToSQLStates() {
        func code(_ message: String) -> String { SQLState.fields(for: DuckDBError(message: message)).sqlState }
        #expect(code("Parser Error: syntax error at or near \"SELEC\"") == "42601")
        #expect(code("Catalog Error: Table with name nope does not exist!") == "42P01")
        #expect(code("Binder Error: Referenced column \"nope\" not found in FROM clause!") == "42703")
        #expect(code("Constraint Error: PRIMARY KEY or UNIQUE constraint violation: duplicate key \"1\"") == "23505")
        #expect(code("Conversion Error: Could not convert string 'x' to INT32") == "22P02")
        #expect(code("INTERRUPT Error: Interrupted!") == "57014")
        #expect(SQLState.fields(for: ProtocolViolation.invalidLength(1)).sqlState == "08P01")
    }

    @Test func setAndShowSessionParameters() throws {
        var parameters = SessionParameters(user: "u", database: "d", serverVersion: "15.0 (sharp)", applicationName: "")
        #expect(parameters.value(of: "timezone") == "UTC" && parameters.value(of: "integer_datetimes") == "on")
        try parameters.apply("SET sharp.priority = 'critical'")
        #expect(parameters.priority == .critical)
        try parameters.apply("SET application_name TO 'x y'")
        #expect(parameters.value(of: "application_name") == "x y")
        try parameters.apply("SET SESSION TIME ZONE 'UTC'")
        #expect(parameters.value(of: "TimeZone") == "UTC")
        #expect(throws: SessionError.self) { try parameters.apply("SET sharp.priority = 'urgent'") }
        try parameters.apply("RESET sharp.priority")
        #expect(parameters.priority == .normal)
    }
}

@Suite struct SQLScanTests {
    @Test func keywordsSkipCommentsAndStopAtTheFirstNonWord() {
        #expect(SQLScript.keywords("  /* a; b */ -- c\n insert into t values ($1)", count: 3) == ["INSERT", "INTO", "T"])
        #expect(SQLScript.keywords("SELECT(1)", count: 2) == ["SELECT"])
        #expect(SQLScript.keywords("create unique index", count: 5) == ["CREATE", "UNIQUE", "INDEX"])
        #expect(SQLScript.keywords("'quoted' select", count: 1) == [])
        #expect(SQLScript.keywords("sélect x", count: 1) == ["SÉLECT"])
    }

    @Test func stripCommentsKeepsQuotedText() {
        #expect(SQLScript.stripComments("SELECT '--no' /* yes */, \"/*\" -- tail") == "SELECT '--no'  , \"/*\"  ")
        #expect(SQLScript.stripComments("SELECT $t$ -- kept $t$") == "SELECT $t$ -- kept $t$")
    }

    @Test func blankAndSplitOnMultibyteText() {
        #expect(SQLScript.isBlank(" ; /* é */ -- ü\n"))
        #expect(!SQLScript.isBlank("-- x\nSELECT 1"))
        #expect(SQLScript.split("SELECT 'é;ü'; SELECT $é$;$é$ ;") == ["SELECT 'é;ü'", "SELECT $é$;$é$"])
        #expect(SQLScript.parameterCount("SELECT $12, 'x?' -- ?\n") == 12)
    }

    @Test func mentionsIgnoresCaseOnly() {
        #expect(SQLScript.mentions("select PG_CATALOG.version()", "pg_catalog."))
        #expect(SQLScript.mentions("x::BYTEA", "::bytea"))
        #expect(!SQLScript.mentions("SELECT id FROM bench WHERE id = $1", "version()"))
        #expect(!SQLScript.mentions("pg", "pg_catalog."))
    }
}
