import Foundation

/// Simulated captures keep to a file of their own unless told otherwise.
///
/// A simulated slate is dated like a real day (2025-06-17 by default, the recorded day's date),
/// so collected into the real days' file it would mix with them: NYM playing two games at once,
/// `pregame` skipping simulated finals. With `--simulate` and no `--path`, the commands that
/// write captures (`collect`, `pregame`, `pregame schedule`, `monitor`) use
/// `data/simulated.duckdb` and say so on stderr; `--path` (or `--db-url`) names any other file,
/// the real one included (`--path ./data/mlb_betting.duckdb`).
///
/// ```swift
/// let database = self.database.keepingSimulationApart(simulate != nil)
/// let db = try await database.openMigrated(defaultPreset: "data-collector")
/// ```
extension DatabaseArguments {
    /// The file every command uses without `--path`.
    static let realDaysPath = "data/mlb_betting.duckdb"
    /// The file simulated captures go to without `--path`.
    static let simulatedPath = "data/simulated.duckdb"

    /// These arguments, with the default file swapped for ``simulatedPath`` when `simulating` and
    /// neither `--path` nor a database URL was given.
    func keepingSimulationApart(_ simulating: Bool) -> DatabaseArguments {
        let url = dbURL ?? ProcessInfo.processInfo.environment["SHARP_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        guard simulating, url == nil, path == Self.realDaysPath else { return self }
        var apart = self
        apart.path = Self.simulatedPath
        StandardError.print("simulated captures go to \(Self.simulatedPath), apart from the real days in \(Self.realDaysPath) "
            + "(--path chooses the file; read them with --path \(Self.simulatedPath))")
        return apart
    }
}
