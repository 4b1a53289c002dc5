import CDuckDB

// Escape hatches for code that must call DuckDB's C API itself with the same loaded library
// (the raw baselines of `sharp bench`). Not part of the stable API: import with
// `@_spi(RawAccess) import DuckDBKit`.

extension DuckDBLibrary {
    /// Calls `body` with the function table this library resolved (valid only inside `body`).
    ///
    /// ```swift
    /// library.withFunctionTable { api in my_c_loop(api, ...) }
    /// ```
    @_spi(RawAccess)
    public func withFunctionTable<R>(_ body: (UnsafePointer<cduckdb_api>) throws -> R) rethrows -> R {
        try withUnsafePointer(to: api, body)
    }
}

extension Connection {
    /// Calls `body` with the open `duckdb_connection` handle; the threading rule of the
    /// connection still applies (one thread at a time).
    /// - Throws: `closed` when the connection is closed.
    @_spi(RawAccess)
    public func withRawHandle<R>(_ body: (duckdb_connection) throws -> R) throws -> R {
        try inFlight(body)
    }
}
