import ArgumentParser
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import SharpBetting

struct DBCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify the schema version and that every table reads; print the database size.",
        discussion: "Exits with status 1 when the schema is behind (run `sharp db migrate`) or a table cannot be read."
    )

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let db = try await database.open()
        let problems = try await db.closing { () -> [String] in
            var problems: [String] = []
            let migrator = SchemaMigrator()
            let version = try await migrator.currentVersion(db)
            print("schema     version \(version) of \(migrator.latestVersion)")
            if version < migrator.latestVersion { problems.append("schema is behind: run `sharp db migrate --path \(database.path)`") }
            let size = try await db.read(db.dialect.databaseSizeQuery, [])
            if let row = size.first {
                print("size       \(row.value("database_size").map { "\($0)" } ?? "?"), wal \(row.value("wal_size").map { "\($0)" } ?? "?")")
            }
            let tables = try await SchemaCatalog.tables(in: db)
            for table in tables {
                do {
                    let n: Int = try await db.read("SELECT count(*) AS n FROM \(try SQLIdentifier.quoted(table))", [])[0]["n"]
                    print("  ok  \(table) (" + counted(n, "row") + ")")
                } catch {
                    problems.append("\(table): \(error)")
                    print("  !!  \(table): \(error)")
                }
            }
            return problems
        }
        if !problems.isEmpty {
            for problem in problems { StandardError.print("sharp db check: \(problem)") }
            throw ExitCode(1)
        }
        print("check      ok")
    }
}
