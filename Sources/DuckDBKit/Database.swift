import CDuckDB
import Foundation
import Synchronization

/// A DuckDB database: a file or in memory. Thread-safe; make one `Connection` per thread.
///
/// Contract: `close()` (or releasing the last reference) refuses new connections at once, and
/// DuckDB's database is closed (`duckdb_close`) only after the last of its connections has
/// disconnected, so no connection ever outlives the database it was made from, whichever
/// thread ends last. The file lock is released then.
///
/// ```swift
/// let db = try Database(path: "data/mlb_betting.duckdb")
/// let connection = try db.connect()
/// try connection.execute("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
/// ```
public final class Database: Sendable {
    /// The file path, or `:memory:`.
    public let path: String
    /// The loaded DuckDB library.
    public let library: DuckDBLibrary
    private let handle: DatabaseHandle

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
        handle = DatabaseHandle(library: library, raw: database!)
    }

    /// Opens a new connection. Connections may be made from any thread.
    /// - Throws: `closed` once `close()` was called.
    public func connect() throws -> Connection {
        try handle.connect(path: path)
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { handle.isClosed }

    /// Releases the database: no new connection from now on. Connections still open keep it
    /// alive until they close; it is closed, and the file lock released, when the last one
    /// does (on that connection's thread). Calling it twice is harmless.
    public func close() { handle.close() }

    deinit { close() }
}

/// DuckDB's database handle and how many connections of it are open: `duckdb_close` runs once
/// the database is closed *and* its last connection has disconnected, on the thread that made
/// the second of those true (outside the mutex: closing a database checkpoints its file).
final class DatabaseHandle: Sendable {
    private struct State {
        /// Unsafe to send, and never sent: only read or taken under the mutex.
        nonisolated(unsafe) var raw: duckdb_database?
        var connections = 0
        var closed = false

        /// The handle to close now, when the database is closed and no connection is left.
        mutating func takeIfUnused() -> duckdb_database? {
            guard closed, connections == 0 else { return nil }
            defer { raw = nil }
            return raw
        }
    }

    private let library: DuckDBLibrary
    private let state: Mutex<State>

    init(library: DuckDBLibrary, raw: duckdb_database) {
        self.library = library
        state = Mutex(State(raw: raw))
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    func connect(path: String) throws -> Connection {
        let api = library.api
        let connection = try state.withLock { state -> duckdb_connection in
            guard let database = state.raw, !state.closed else {
                throw DuckDBError(.closed, message: "the database \(path) is closed")
            }
            var connection: duckdb_connection?
            guard api.connect(database, &connection) == DuckDBSuccess, let connection else {
                throw DuckDBError(.open, message: "could not connect to \(path)")
            }
            state.connections += 1
            return connection
        }
        return Connection(library: library, handle: connection, database: self)
    }

    func close() {
        finish(state.withLock { state in
            state.closed = true
            return state.takeIfUnused()
        })
    }

    /// One of its connections has disconnected (called once per connection, after
    /// `duckdb_disconnect`).
    func disconnected() {
        finish(state.withLock { state in
            state.connections -= 1
            return state.takeIfUnused()
        })
    }

    private func finish(_ unused: duckdb_database?) {
        guard unused != nil else { return }
        var handle = unused
        library.api.close(&handle)
    }
}
