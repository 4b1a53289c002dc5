import Foundation

/// A fresh temporary folder for one benchmark run's database files, deleted with everything
/// in it by `remove()` (call it in a `defer`).
public final class BenchmarkFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates `…/sharp-bench-<uuid>` in the temporary directory.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A database path inside the folder (the file does not exist yet).
    public func databasePath(_ name: String) -> String { url.appendingPathComponent("\(name).duckdb").path }

    /// Deletes the folder and its files.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
