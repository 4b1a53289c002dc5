import ArgumentParser
import DuckCoordinator
import DuckDBKit
import Foundation

/// The options every command that touches the database shares.
struct DatabaseArguments: ParsableArguments {
    @Option(name: .long, help: "Database file (its folder is created when missing).")
    var path = "data/mlb_betting.duckdb"

    @Option(name: .customLong("db-mode"), help: "optimized (reader pool + batching writer) or legacy (file lock per operation; several processes can share the file).")
    var mode: CoordinatorMode = .optimized

    @Option(name: .long, help: "Tuning preset: \(ConnectionConfig.presets.keys.sorted().joined(separator: ", ")) (default: the command's own).")
    var preset: String?

    @Option(name: .customLong("flush-policy"), help: """
        When queued writes commit (optimized mode): group-commit (default: a write commits as soon as the \
        writer is free; writes that arrive meanwhile share the next commit) or timer (the migration guide's \
        batches: wait up to the preset's writeBatchTimeout, writeBatchSize rows, or a CRITICAL write).
        """)
    var flushPolicy: FlushPolicy?

    @Option(name: .customLong("commit-delay"), help: "Group commit only: seconds an idle writer gathers writes before committing (default 0).")
    var commitDelay: Double?

    func config(defaultPreset: String = "production") throws -> ConnectionConfig {
        let preset = self.preset ?? defaultPreset
        guard var config = ConnectionConfig.presets[preset] else {
            throw ValidationError("unknown preset '\(preset)'; choose one of \(ConnectionConfig.presets.keys.sorted().joined(separator: ", "))")
        }
        if let flushPolicy { config.flushPolicy = flushPolicy }
        if let commitDelay { config.commitDelay = commitDelay }
        return config
    }

    /// Opens the coordinator, turning setup failures into messages that say what to do.
    func open(defaultPreset: String = "production") throws -> DatabaseCoordinator {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        do {
            return try DatabaseCoordinator(path: path, mode: mode, config: try config(defaultPreset: defaultPreset))
        } catch let error as DuckDBError where error.kind == .lockConflict {
            throw CommandFailure("""
                \(error.message)
                Another process has \(path) open. Use --db-mode legacy in every process that shares the file, \
                or stop the other process.
                """, status: .unavailable)
        }
    }
}

extension CoordinatorMode: ExpressibleByArgument {}
extension FlushPolicy: ExpressibleByArgument {}
