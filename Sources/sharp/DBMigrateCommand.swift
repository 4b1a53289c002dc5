import ArgumentParser
import DuckCoordinator
import Foundation
import SharpBetting

struct DBMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Bring the database schema up to date and print its version.",
        discussion: """
            Applies the numbered migrations the file has not seen yet (each once, in its own transaction).
            Running it again changes nothing. Creates the file and its folder when missing.

            Example:
              sharp db migrate --path data/mlb_betting.duckdb   # schema version 3
            """
    )

    @Option(help: "Database file.")
    var path = "data/mlb_betting.duckdb"

    func run() async throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let db = try DatabaseCoordinator(path: path, mode: .optimized, config: .dataCollector)
        do {
            let migrator = SchemaMigrator()
            let before = try await migrator.currentVersion(db)
            let version = try await migrator.migrate(db)
            print("schema version \(version)" + (before == version ? " (up to date)" : " (was \(before))"))
            await db.shutdown()
        } catch {
            await db.shutdown()
            throw error
        }
    }
}
