import CDuckDB
import Foundation

/// The DuckDB C library, found and loaded at run time.
///
/// Discovery order, first hit wins:
/// 1. `DUCKDB_LIBRARY` (a `libduckdb.so`, or the `_duckdb*.so` module of the `duckdb` wheel;
///    `DUCKDB_PRELOAD` may name the `libpython` such a module needs),
/// 2. a system `libduckdb` on the loader path,
/// 3. the copy `scripts/bootstrap` installed (recorded in `library.conf` under
///    `$SHARP_HOME`, default `~/.local/share/sharp/duckdb-2.0.1`).
///
/// ```swift
/// let library = try DuckDBLibrary.shared()
/// print(library.version, library.path)
/// ```
public final class DuckDBLibrary: @unchecked Sendable {
    /// The DuckDB version the bootstrap installs.
    public static let pinnedVersion = "2.0.1"

    /// DuckDB's own version string, e.g. `v2.0.1`.
    public let version: String
    /// Where the library was loaded from.
    public let path: String
    /// How it was found: `DUCKDB_LIBRARY`, `system`, or `bootstrap`.
    public let origin: String
    /// The function table (immutable after load).
    let api: cduckdb_api

    private init(api: cduckdb_api, path: String, origin: String) {
        self.api = api
        self.path = path
        self.origin = origin
        self.version = String(cString: api.library_version())
    }

    private static let loaded: Result<DuckDBLibrary, DuckDBError> = discover()

    /// The process-wide library, loaded on first use.
    /// - Throws: `DuckDBError` of kind `libraryNotFound` or `symbolMissing`, naming what is
    ///   missing and the command that fixes it.
    public static func shared() throws -> DuckDBLibrary { try loaded.get() }

    /// The folder the bootstrap installs into.
    public static var bootstrapFolder: String {
        let env = ProcessInfo.processInfo.environment
        if let home = env["SHARP_HOME"], !home.isEmpty { return home + "/duckdb-\(pinnedVersion)" }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() + "/.local/share")
        return data + "/sharp/duckdb-\(pinnedVersion)"
    }

    private static let fix = "Run `scripts/bootstrap` (or `make bootstrap`) to install DuckDB \(pinnedVersion), "
        + "or set DUCKDB_LIBRARY to a libduckdb.so."

    private static func discover() -> Result<DuckDBLibrary, DuckDBError> {
        let env = ProcessInfo.processInfo.environment
        var tried: [String] = []
        if let explicit = env["DUCKDB_LIBRARY"], !explicit.isEmpty {
            var preload = env["DUCKDB_PRELOAD"]
            if preload == nil, explicit.contains("_duckdb") { preload = readConf()?["preload"] }
            // An explicit choice that fails is an error: never silently fall back to another copy.
            return load(path: explicit, preload: preload, origin: "DUCKDB_LIBRARY")
        }
        tried.append("DUCKDB_LIBRARY (unset)")
        for name in ["libduckdb.so", "libduckdb.dylib"] {
            if case .success(let library) = load(path: name, preload: nil, origin: "system") {
                return .success(library)
            }
        }
        tried.append("libduckdb.so on the loader path (not found)")
        let conf = bootstrapFolder + "/library.conf"
        if let values = readConf(), let library = values["library"] {
            return load(path: library, preload: values["preload"], origin: "bootstrap")
        }
        tried.append("\(conf) (missing)")
        return .failure(DuckDBError(.libraryNotFound,
            message: "DuckDB library not found. Tried: \(tried.joined(separator: "; ")). \(fix)"))
    }

    private static func readConf() -> [String: String]? {
        guard let text = try? String(contentsOfFile: bootstrapFolder + "/library.conf", encoding: .utf8)
        else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "="), !line.hasPrefix("#") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    private static func load(path: String, preload: String?, origin: String) -> Result<DuckDBLibrary, DuckDBError> {
        var table = cduckdb_api_zeroed()
        var buffer = [CChar](repeating: 0, count: 1024)
        let ok = buffer.withUnsafeMutableBufferPointer { error in
            cduckdb_load(path, preload, &table, error.baseAddress!, error.count)
        }
        if ok {
            duckDBLog.debug("DuckDB loaded", metadata: ["operation": "load", "library": "\(path)", "origin": "\(origin)"])
            return .success(DuckDBLibrary(api: table, path: path, origin: origin))
        }
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let kind: DuckDBError.Kind = message.contains("has no symbol") ? .symbolMissing : .libraryNotFound
        duckDBLog.debug("DuckDB not loaded from here", metadata: ["operation": "load", "origin": "\(origin)", "error_kind": "\(kind.rawValue)"])
        return .failure(DuckDBError(kind, message: "\(message) (from \(origin)). \(fix)"))
    }
}
