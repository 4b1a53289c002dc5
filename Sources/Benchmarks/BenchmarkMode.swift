/// Which path a benchmark line measured.
///
/// ```swift
/// let modes = try BenchmarkMode.parseList("legacy,optimized")   // [.legacy, .optimized]
/// ```
public enum BenchmarkMode: String, Sendable, CaseIterable {
    /// DuckDB used directly: a C loop over the C API (binding workloads) or the binding on
    /// threads the benchmark owns, one connection each (coordinator workloads).
    case raw
    /// The Swift binding, DuckDBKit (binding workloads).
    case swift
    /// The coordinator in legacy mode (file lock, open, run, close per operation).
    case legacy
    /// The coordinator in optimized mode (reader pool, group-commit writer, or whatever
    /// `--flush-policy` says).
    case optimized
    /// The coordinator in optimized mode with the migration guide's timer policy, whatever
    /// `--flush-policy` says: `--modes optimized,optimized-timer` shows both policies in one table.
    case optimizedTimer = "optimized-timer"
    /// Through `sharp serve`'s wire-protocol server, real protocol clients on loopback.
    case server
    /// The same protocol clients against a throwaway PostgreSQL cluster (`--peer postgres`).
    case postgres

    /// Parses a comma-separated list such as `raw,legacy,optimized`.
    public static func parseList(_ text: String) throws -> [BenchmarkMode] {
        try text.split(separator: ",").map { name in
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let mode = BenchmarkMode(rawValue: trimmed) else {
                throw BenchmarkError.invalidOption(
                    "unknown mode \"\(trimmed)\" (expected \(allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return mode
        }
    }
}
