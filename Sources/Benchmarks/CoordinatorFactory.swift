import DuckCoordinator
import Foundation

/// Opens the coordinator a benchmark mode stands for.
enum CoordinatorFactory {
    /// A coordinator in `mode` (`.legacy` or `.optimized`) on `path`.
    static func open(_ mode: BenchmarkMode, path: String, config: ConnectionConfig) throws -> DatabaseCoordinator {
        var config = config
        switch mode {
        case .legacy: return try DatabaseCoordinator(path: path, mode: .legacy, config: config)
        case .optimized: return try DatabaseCoordinator(path: path, mode: .optimized, config: config)
        case .optimizedTimer:
            config.flushPolicy = .timer
            return try DatabaseCoordinator(path: path, mode: .optimized, config: config)
        case .raw, .swift, .server, .postgres: throw BenchmarkError.invalidOption("\(mode.rawValue) is not a coordinator mode")
        }
    }

    /// Parses `--preset` (a `ConnectionConfig.presets` name).
    static func preset(_ name: String) throws -> ConnectionConfig {
        guard let config = ConnectionConfig.presets[name] else {
            throw BenchmarkError.invalidOption(
                "unknown preset \"\(name)\" (expected \(ConnectionConfig.presets.keys.sorted().joined(separator: ", ")))")
        }
        return config
    }

    /// A one-line description of the knobs that matter to a workload.
    static func describe(_ config: ConnectionConfig) -> String {
        let policy = config.flushPolicy == .timer
            ? "flushPolicy timer, writeBatchTimeout \(config.writeBatchTimeout) s"
            : "flushPolicy group-commit, commitDelay \(config.commitDelay) s"
        return "readPoolSize \(config.readPoolSize), writeBatchSize \(config.writeBatchSize), \(policy)"
    }
}
