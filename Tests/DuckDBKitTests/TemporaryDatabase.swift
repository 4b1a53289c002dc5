import DuckDBKit
import Foundation

/// A database file in a fresh temporary folder, removed when the value is released.
final class TemporaryDatabase {
    let folder: URL
    let path: String
    let database: Database

    init(name: String = "test.duckdb", options: DatabaseOptions = DatabaseOptions()) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("duckdbkit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
        database = try Database(path: path, options: options)
    }

    deinit {
        database.close()
        try? FileManager.default.removeItem(at: folder)
    }
}
