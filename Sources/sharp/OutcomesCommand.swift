import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting

struct OutcomesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Load final scores into game_outcomes from an MLB schedule payload.",
        discussion: """
            The payload is the MLB Stats API schedule (statsapi.mlb.com/api/v1/schedule?sportId=1&date=…) \
            after the games: final games carry teams.away.score and teams.home.score. Games that are not \
            final (postponed, in progress) are listed and skipped. Loading again updates the scores.

            Example:
              sharp outcomes --replay recorded/2025-06-17/outcomes.json
            """
    )

    @Option(name: .long, help: ArgumentHelp("A recorded schedule payload with final scores.", valueName: "file"))
    var replay: String

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        guard FileManager.default.fileExists(atPath: replay) else {
            throw CommandFailure("no such file: \(replay)", status: .noInput)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: replay))
        let loader = OutcomeLoader()
        let preview = loader.parse(data)
        if preview.loaded.isEmpty, let error = preview.errors.first {
            throw CommandFailure("\(replay) is not a schedule payload: \(error)", status: .data)
        }
        let db = try await database.openMigrated()
        let summary = try await db.closing { try await loader.load(data, into: db) }
        print("loaded " + counted(summary.loaded.count, "final score") + " into game_outcomes")
        for outcome in summary.loaded { print("  \(outcome.gameId)  \(outcome.scoreLine)  \(outcome.status)") }
        if !summary.skipped.isEmpty { print("skipped:") }
        for line in summary.skipped { print("  \(line)") }
        for error in summary.errors { print("error: \(error)") }
    }
}
