import DuckDBKit

/// What `sharp --version` prints: sharp's own version, and the DuckDB library this process
/// would load (its version, file and how it was found), or why none can be.
///
/// ```
/// $ sharp --version
/// sharp 0.4.0
/// DuckDB v2.0.1 at /root/.local/share/sharp/duckdb-2.0.1/pkg/_duckdb….so (found by bootstrap)
/// ```
enum SharpVersion {
    /// sharp's version (raised with each release).
    static let number = "0.4.0"

    /// The two lines.
    static var text: String {
        let duckdb: String
        do {
            let library = try DuckDBLibrary.shared()
            duckdb = "DuckDB \(library.version) at \(library.path) (found by \(library.origin))"
        } catch let error as DuckDBError {
            duckdb = "DuckDB not found: \(error.message)"
        } catch {
            duckdb = "DuckDB not found: \(error)"
        }
        return "sharp \(number)\n\(duckdb)"
    }
}
