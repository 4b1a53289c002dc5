import CDuckDB
import Foundation

/// A DuckDB database: a file or in memory. Thread-safe; make one `Connection` per thread.
///
/// ```swift
/// let db = try Database(path: "data/mlb_betting.duckdb")
/// let connection = try db.connect()
/// try connection.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
/// ```
public final class Database: @unchecked Sendable {
    /// The file path, or `:memory:`.
    public let path: String
    /// The loaded DuckDB library.
    public let library: DuckDBLibrary
    private let lock = NSLock()
    private var handle: duckdb_database?

    /// Opens (creating if needed) the database at `path`; nil or `":memory:"` opens an
    /// in-memory database.
    /// - Throws: `DuckDBError` with DuckDB's message: `lockConflict` when another process holds
    ///   the file, `open` for other failures, `libraryNotFound` when DuckDB is not installed.
    public init(path: String? = nil, options: DatabaseOptions = DatabaseOptions()) throws {
        let library = try DuckDBLibrary.shared()
        let api = library.api
        self.library = library
        self.path = path ?? ":memory:"
        var config: duckdb_config?
        guard api.create_config(&config) == DuckDBSuccess else {
            throw DuckDBError(.open, message: "could not create a DuckDB configuration")
        }
        defer { api.destroy_config(&config) }
        for (name, value) in options.settings where api.set_config(config, name, value) != DuckDBSuccess {
            throw DuckDBError(.open, message: "invalid DuckDB option \(name)=\(value)")
        }
        var database: duckdb_database?
        var error: UnsafeMutablePointer<CChar>?
        let target = self.path == ":memory:" ? nil : self.path
        if api.open_ext(target, &database, config, &error) != DuckDBSuccess {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            if let error { api.free(error) }
            let kind = DuckDBError.classify(message)
            throw DuckDBError(kind == .other ? .open : kind, message: "cannot open \(self.path): \(message)")
        }
        handle = database
    }

    /// Opens a new connection. Connections may be made from any thread.
    public func connect() throws -> Connection {
        let api = library.api
        return try lock.withLock {
            guard let database = handle else { throw DuckDBError(.closed, message: "the database \(path) is closed") }
            var connection: duckdb_connection?
            guard api.connect(database, &connection) == DuckDBSuccess, let connection else {
                throw DuckDBError(.open, message: "could not connect to \(path)")
            }
            return Connection(library: library, handle: connection)
        }
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { lock.withLock { handle == nil } }

    /// Releases the database. Connections still open keep it alive until they close; the file
    /// lock is released when the last one closes. Calling it twice is harmless.
    public func close() {
        let api = library.api
        lock.withLock {
            if handle != nil { api.close(&handle) }
            handle = nil
        }
    }

    deinit { close() }
}
