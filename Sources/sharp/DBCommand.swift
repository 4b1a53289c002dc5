import ArgumentParser
import DuckDBKit
import Foundation

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Inspect, check, query and watch the database.",
        discussion: """
            Examples:
              sharp db probe                        # DuckDB version, library, tables
              sharp db status --db-mode legacy      # mode, config, stats, health
              sharp db migrate                      # apply migrations, print the version
              sharp db check                        # schema version and table probes
              sharp db sql "SELECT count(*) FROM games"
              sharp db monitor --interval 5 --json  # a line per interval; Ctrl-C stops
              sharp db copy --from data/mlb_betting.duckdb --to postgres://db1/sharp
            """,
        subcommands: [Probe.self, DBMigrateCommand.self, DBStatusCommand.self, DBCheckCommand.self, DBSQLCommand.self, DBMonitorCommand.self, DBCopyCommand.self]
    )

    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open the database and print DuckDB's version, where it was loaded from, and the tables.",
            discussion: "Creates the file (and its folder) when missing. Fails clearly when another process holds the file."
        )

        @Option(name: .long, help: "Database file.")
        var path = "data/mlb_betting.duckdb"

        func run() async throws {
            let library: DuckDBLibrary
            do { library = try DuckDBLibrary.shared() } catch let error as DuckDBError {
                throw CommandFailure(error.message, status: .unavailable)
            }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            let database = try Database(path: path)
            let connection = try database.connect()
            let tables = try connection.query("""
                SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = current_database()
                ORDER BY table_name
                """)
            print("DuckDB    \(library.version)")
            print("library   \(library.path) (\(library.origin))")
            print("database  \(path)")
            print("tables    \(tables.count)")
            for row in tables {
                let name: String = try row["table_name"]
                let size: Int = try row["estimated_size"]
                print("  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) ~\(size) rows")
            }
        }
    }
}
