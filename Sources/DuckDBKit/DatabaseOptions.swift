/// Options for opening a `Database`.
///
/// ```swift
/// var options = DatabaseOptions()
/// options.threads = 2
/// options.memoryLimit = "1GB"
/// let db = try Database(path: "mlb.duckdb", options: options)
/// ```
public struct DatabaseOptions: Sendable, Equatable {
    /// How the file is opened.
    public enum AccessMode: String, Sendable {
        case automatic, readOnly = "read_only", readWrite = "read_write"
    }

    /// DuckDB worker threads (nil: DuckDB's default, one per core).
    public var threads: Int?
    /// DuckDB's asynchronous I/O threads (`async_threads`; nil: DuckDB's default, 8). Default 0:
    /// a local file does not need them, and with DuckDB's 8 a database started 9 threads where 1
    /// does the work (see RELIABILITY.md, "DuckDB's threads").
    public var asyncThreads: Int? = 0
    /// DuckDB memory limit, e.g. `"2GB"` (nil: DuckDB's default, 80% of RAM).
    public var memoryLimit: String?
    /// Read-only, read-write, or automatic.
    public var accessMode: AccessMode = .automatic
    /// Any other DuckDB configuration option (name → value), applied at open.
    public var extra: [String: String] = [:]

    /// Default options.
    public init(threads: Int? = nil, asyncThreads: Int? = 0, memoryLimit: String? = nil,
                accessMode: AccessMode = .automatic, extra: [String: String] = [:]) {
        self.threads = threads
        self.asyncThreads = asyncThreads
        self.memoryLimit = memoryLimit
        self.accessMode = accessMode
        self.extra = extra
    }

    var settings: [(String, String)] {
        var all: [(String, String)] = []
        if let threads { all.append(("threads", String(threads))) }
        if let asyncThreads { all.append(("async_threads", String(asyncThreads))) }
        if let memoryLimit { all.append(("memory_limit", memoryLimit)) }
        if accessMode != .automatic { all.append(("access_mode", accessMode.rawValue)) }
        all.append(contentsOf: extra.sorted { $0.key < $1.key })
        return all
    }
}
