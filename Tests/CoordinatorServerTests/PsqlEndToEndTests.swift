import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Testing

/// Real psql against a real server over a real DuckDB file.
@Suite(.serialized) struct PsqlEndToEndTests {
    let schema = "CREATE TABLE games (game_id VARCHAR PRIMARY KEY, home VARCHAR NOT NULL, away VARCHAR, start_time TIMESTAMP, total DOUBLE)"

    @Test func commandsMetaCommandsAndTheUnixSocket() async throws {
        let server = try await RunningServer.start()
        let created = try await server.psql(["-c", schema, "-c", "INSERT INTO games VALUES ('g1', 'CHC', 'STL', '2025-06-17 23:05:00', 8.5)"])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("CREATE TABLE") && created.stdout.contains("INSERT 0 1"))

        let selected = try await server.psql(["-A", "-t", "-c", "SELECT game_id, home, start_time, total FROM games"], socket: true)
        #expect(selected.status == 0, "\(selected.stderr)")
        #expect(selected.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "g1|CHC|2025-06-17 23:05:00|8.5")

        let tables = try await server.psql(["-c", "\\dt"])
        #expect(tables.status == 0, "\(tables.stderr)")
        #expect(tables.stdout.contains("games") && tables.stdout.contains("table"))

        let described = try await server.psql(["-c", "\\d games"])
        #expect(described.status == 0, "\(described.stderr)")
        #expect(described.stdout.contains("Table \"main.games\""))
        #expect(described.stdout.contains("game_id") && described.stdout.contains("not null") && described.stdout.contains("double"))

        let databases = try await server.psql(["-c", "\\l"])
        #expect(databases.status == 0 && databases.stdout.contains("UTF8"), "\(databases.stderr)")
        let schemas = try await server.psql(["-c", "\\dn"])
        #expect(schemas.status == 0 && schemas.stdout.contains("main"), "\(schemas.stderr)")
        let pragma = try await server.psql(["-A", "-t", "-c", "PRAGMA table_info('games')"])
        #expect(pragma.stdout.contains("game_id|VARCHAR"), "\(pragma.stdout)\(pragma.stderr)")

        let version = try await server.psql(["-A", "-t", "-c", "SELECT version()", "-c", "SHOW TimeZone", "-c", "SELECT current_setting('server_version')"])
        #expect(version.stdout.contains("PostgreSQL 15.0 (sharp)") && version.stdout.contains("UTC"), "\(version.stderr)")
        await server.stop()
    }

    /// `\\d TABLE` footers as psql prints them for PostgreSQL (indexes with the primary key and
    /// unique constraints, check and foreign-key constraints, "Referenced by"), from DuckDB's
    /// catalog; PostgreSQL's type names in the Type column.
    @Test func describeShowsKeysIndexesAndConstraints() async throws {
        let server = try await RunningServer.start()
        let created = try await server.psql(["-c", """
            CREATE TABLE games (game_id BIGINT PRIMARY KEY, game_date DATE NOT NULL, home VARCHAR NOT NULL, total DECIMAL(5,1));
            CREATE TABLE splits (game_id BIGINT REFERENCES games (game_id), book VARCHAR NOT NULL DEFAULT '', pct DOUBLE CHECK (pct >= 0),
              PRIMARY KEY (game_id, book), UNIQUE (pct));
            CREATE INDEX games_date ON games (game_date);
            """])
        #expect(created.status == 0, "\(created.stderr)")
        let games = try await server.psql(["-c", "\\d games"])
        #expect(games.status == 0, "\(games.stderr)")
        for line in ["game_id   | bigint", "game_date | date", "home      | character varying", "total     | numeric(5,1)",
                     "Indexes:", "\"games_game_id_pkey\" PRIMARY KEY, art (game_id)", "\"games_date\" art (game_date)",
                     "Referenced by:", "TABLE \"splits\" CONSTRAINT \"splits_game_id_game_id_fkey\" FOREIGN KEY (game_id) REFERENCES games(game_id)"] {
            #expect(games.stdout.contains(line), "missing '\(line)' in \(games.stdout)")
        }
        let splits = try await server.psql(["-c", "\\d splits"])
        #expect(splits.status == 0, "\(splits.stderr)")
        for line in ["PRIMARY KEY, art (game_id, book)", "UNIQUE CONSTRAINT, art (pct)", "Check constraints:", "CHECK((pct >= 0))",
                     "Foreign-key constraints:", "FOREIGN KEY (game_id) REFERENCES games(game_id)", "''"] {
            #expect(splits.stdout.contains(line), "missing '\(line)' in \(splits.stdout)")
        }
        let tables = try await server.psql(["-A", "-t", "-c", "\\dt"])
        #expect(tables.stdout.contains("main|games|table|sharp") && tables.stdout.contains("main|splits|table|sharp"), "\(tables.stdout)")
        await server.stop()
    }

    @Test func multiStatementScriptAndErrorsKeepTheSessionWorking() async throws {
        let server = try await RunningServer.start()
        let script = """
            \(schema);
            INSERT INTO games (game_id, home) VALUES ('a', 'NYY'); INSERT INTO games (game_id, home) VALUES ('b', 'BOS');
            UPDATE games SET away = 'TOR' WHERE game_id = 'a';
            SELECT count(*) AS n FROM games;
            DELETE FROM games WHERE game_id = 'b';
            """
        let ran = try await server.psql(["-c", script, "-c", "SELECT 'semi;colon' AS s"])
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("DELETE 1") && ran.stdout.contains("semi;colon"), "\(ran.stdout)")

        let errors = try await server.psql([
            "-c", "SELECT * FROM nope", "-c", "SELECT nope FROM games", "-c", "SELEC 1",
            "-c", "INSERT INTO games (game_id, home) VALUES ('a', 'NYY')", "-c", "SELECT 'x'::INTEGER",
            "-c", "SELECT 41 + 1 AS answer",
        ])
        for code in ["42P01", "42703", "42601", "23505", "22P02"] {
            #expect(errors.stderr.contains("ERROR:  \(code)"), "missing \(code) in \(errors.stderr)")
        }
        #expect(errors.stdout.contains("42"), "\(errors.stdout)")
        await server.stop()
    }

    @Test func copyFromStdinInTextAndCSV() async throws {
        let server = try await RunningServer.start()
        _ = try await server.psql(["-c", schema])
        let text = try await server.psql(["-c", "COPY games (game_id, home, total) FROM STDIN"], stdin: "t1\tCHC\t7.5\nt2\tLAD\t\\N\n")
        #expect(text.status == 0 && text.stdout.contains("COPY 2"), "\(text.stderr)")
        let csv = try await server.psql(["-c", "COPY games (game_id, home, away) FROM STDIN WITH (FORMAT csv, HEADER)"],
                                        stdin: "game_id,home,away\nc1,\"SF, CA\",\nc2,SEA,OAK\n")
        #expect(csv.status == 0 && csv.stdout.contains("COPY 2"), "\(csv.stderr)")
        let rows = try await server.db.read("SELECT game_id, home, away, total FROM games ORDER BY game_id")
        #expect(rows.count == 4)
        #expect(try rows[0]["home", as: String.self] == "SF, CA" && rows[0].value("away") == .null)
        #expect(try rows[2]["total", as: Double.self] == 7.5 && rows[3].value("total") == .null)
        await server.stop()
    }

    @Test func transactionThatFailsMidwayLeavesNothing() async throws {
        let server = try await RunningServer.start()
        _ = try await server.psql(["-c", schema, "-c", "INSERT INTO games (game_id, home) VALUES ('keep', 'CHC')"])
        let script = """
            BEGIN;
            INSERT INTO games (game_id, home) VALUES ('t1', 'NYY');
            INSERT INTO games (game_id, home) VALUES ('keep', 'dup');
            INSERT INTO games (game_id, home) VALUES ('t2', 'BOS');
            COMMIT;
            """
        let failed = try await server.psql(["-f", "-"], stdin: script)
        #expect(failed.stderr.contains("23505") && failed.stderr.contains("25P02"), "\(failed.stderr)")
        #expect(failed.stdout.contains("ROLLBACK"), "\(failed.stdout)")
        let committed = try await server.psql(["-f", "-"], stdin: "BEGIN;\nINSERT INTO games (game_id, home) VALUES ('t3', 'SEA');\nSELECT count(*) FROM games;\nCOMMIT;\n")
        #expect(committed.status == 0 && committed.stdout.contains("COMMIT"), "\(committed.stderr)")
        let ids = try await server.db.read("SELECT game_id FROM games ORDER BY game_id").map { try $0["game_id", as: String.self] }
        #expect(ids == ["keep", "t3"])
        await server.stop()
    }

    @Test func scramAcceptsTheRightPasswordOnly() async throws {
        let server = try await RunningServer.start(password: "correct horse")
        let good = try await server.psql(["-A", "-t", "-c", "SELECT 'in' AS x"], password: "correct horse")
        #expect(good.status == 0 && good.stdout.contains("in"), "\(good.stderr)")
        let bad = try await server.psql(["-c", "SELECT 1"], password: "wrong")
        #expect(bad.status != 0 && bad.stderr.contains("password authentication failed"), "\(bad.stderr)")
        let none = try await server.psql(["-c", "SELECT 1"])
        #expect(none.status != 0)
        await server.stop()
    }

    @Test func tlsWhenACertificateIsGiven() async throws {
        let server = try await RunningServer.start(password: "over tls", tls: true)
        let secure = try await server.psql(["-A", "-t", "-c", "SELECT 'encrypted'"], password: "over tls", sslMode: "require")
        #expect(secure.status == 0 && secure.stdout.contains("encrypted"), "\(secure.stderr)")
        await server.stop()
        let plain = try await RunningServer.start()
        let refused = try await plain.psql(["-c", "SELECT 1"], sslMode: "require")
        #expect(refused.status != 0 && refused.stderr.contains("does not support SSL"), "\(refused.stderr)")
        await plain.stop()
    }

    @Test func cleartextPasswordWhenAllowed() async throws {
        let server = try await RunningServer.start(password: "old client", cleartext: true)
        let good = try await server.psql(["-A", "-t", "-c", "SELECT 'in' AS x"], password: "old client")
        #expect(good.status == 0 && good.stdout.contains("in"), "\(good.stderr)")
        let bad = try await server.psql(["-c", "SELECT 1"], password: "wrong")
        #expect(bad.status != 0 && bad.stderr.contains("password authentication failed"), "\(bad.stderr)")
        await server.stop()
    }

    @Test func sessionPriorityAndSetShow() async throws {
        let server = try await RunningServer.start()
        let ran = try await server.psql(["-A", "-t", "-c", "SET sharp.priority = 'critical'", "-c", "SHOW sharp.priority",
                                         "-c", "SET application_name TO 'tests'", "-c", "SHOW application_name",
                                         "-c", "SET sharp.priority = 'urgent'"])
        #expect(ran.stdout.contains("critical") && ran.stdout.contains("tests"), "\(ran.stdout)")
        #expect(ran.stderr.contains("22P02"), "\(ran.stderr)")
        await server.stop()
    }
}
