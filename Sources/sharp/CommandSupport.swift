import ArgumentParser
import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting

/// Opens (creating when missing) the database at `path` and brings its schema up to date;
/// failures become clear command-line errors.
func openMigratedDatabase(path: String) async throws -> DatabaseCoordinator {
    do {
        _ = try DuckDBLibrary.shared()
    } catch let error as DuckDBError {
        throw ValidationError("\(error.message)\nRun scripts/bootstrap once, or set DUCKDB_LIBRARY.")
    }
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    let db: DatabaseCoordinator
    do {
        db = try DatabaseCoordinator(path: path, config: .preGameWorkflow)
    } catch let error as DuckDBError {
        throw ValidationError("cannot open \(path): \(error.message)")
    }
    do {
        try await SchemaMigrator().migrate(db)
    } catch {
        await db.shutdown()
        throw error
    }
    return db
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
        if let date = try? Date.ISO8601FormatStyle().parse(argument) {
            self.date = date
        } else if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(argument) {
            self.date = date
        } else {
            return nil
        }
    }
}
