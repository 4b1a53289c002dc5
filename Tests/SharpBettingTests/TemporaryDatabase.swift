import DuckCoordinator
import Foundation
import SharpBetting

/// A migrated DuckDB file in a fresh temporary folder, removed on `close()`.
struct TemporaryDatabase {
    let folder: URL
    let coordinator: DatabaseCoordinator

    init(mode: CoordinatorMode = .optimized) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("collect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        coordinator = try DatabaseCoordinator(path: folder.appendingPathComponent("mlb.duckdb").path, mode: mode,
                                              config: .dataCollector)
        try await SchemaMigrator().migrate(coordinator)
    }

    func count(_ sql: String) async throws -> Int {
        try await coordinator.read(sql, [])[0]["n"]
    }

    func close() async {
        await coordinator.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }
}
