import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct DBMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database schema up to date and print its version.",
        discussion: """
            Applies the numbered migrations the file has not seen yet (each once, in its own \
            transaction). Running it again changes nothing. Creates the file and its folder when missing.

            Example:
              sharp db migrate --path data/mlb_betting.duckdb  # prints the schema version
            """
    )

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let db = try await database.open()
        try await db.closing {
            let migrator = SchemaMigrator()
            let before = try await migrator.currentVersion(db)
            let version = try await migrator.migrate(db)
            print("schema version \(version)" + (before == version ? " (up to date)" : " (was \(before))"))
        }
    }
}
