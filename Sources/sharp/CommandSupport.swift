import ArgumentParser
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import SharpBetting

extension DatabaseArguments {
    /// Opens the database (creating it when missing) and brings its schema up to date;
    /// failures become clear command-line errors.
    func openMigrated(defaultPreset: String = "pre-game-workflow", announceServing: Bool = false) async throws -> SharedCoordinator {
        try DuckDBLibrary.checkInstalled()
        return try await open(defaultPreset: defaultPreset, migrate: true, announceServing: announceServing)
    }
}

extension FileArguments {
    /// The file opened in this process with its schema up to date (`sharp serve`).
    func openFileMigrated(defaultPreset: String) async throws -> DatabaseCoordinator {
        try DuckDBLibrary.checkInstalled()
        let db = try openFile(defaultPreset: defaultPreset)
        do {
            try await SchemaMigrator().migrate(db)
        } catch {
            await db.shutdown()
            throw error
        }
        return db
    }
}

extension DuckDBLibrary {
    /// Loads DuckDB, or fails with what to do (exit 69).
    static func checkInstalled() throws {
        do {
            _ = try DuckDBLibrary.shared()
        } catch let error as DuckDBError {
            throw CommandFailure("\(error.message)\nRun scripts/bootstrap once, or set DUCKDB_LIBRARY.", status: .unavailable)
        }
    }
}

extension DatabaseCoordinating {
    /// Runs `body`, then shuts the coordinator down (committing every queued write) whether
    /// `body` returned or threw; returns what `body` returned.
    func closing<T>(_ body: () async throws -> T) async throws -> T {
        // The shutdown runs in a task of its own: when Ctrl-C cancelled `body`, that
        // cancellation must not cut short the shutdown it set off (queued writes commit, the
        // owner record and socket are removed).
        let value: T
        do { value = try await body() } catch {
            await Task { await self.shutdown() }.value
            throw error
        }
        await Task { await self.shutdown() }.value
        return value
    }
}

extension SlateDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }

    /// Today in New York, the day MLB files its slate under.
    static var todayInNewYork: SlateDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = EasternTime.zone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return SlateDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

extension ReportFormat: ExpressibleByArgument {}

/// Parses `2025-06-17T23:05:00Z` for `--as-of`.
struct InstantArgument: ExpressibleByArgument {
    let date: Date
    init?(argument: String) {
        guard let date = ISO8601Time.parse(argument) else { return nil }
        self.date = date
    }
}
