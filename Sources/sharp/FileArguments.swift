import ArgumentParser
import DuckCoordinator
import DuckDBKit
import Foundation

/// The storage options of every command that opens the database file itself: which file, the
/// coordinator's mode and its tuning. Shown under "Storage options", after the command's own.
///
/// ```swift
/// @OptionGroup(title: "Storage options") var file: FileArguments   // sharp serve
/// let config = try file.config(defaultPreset: "production")
/// ```
struct FileArguments: ParsableArguments {
    @Option(name: .long, help: "Database file (its folder is created when missing).")
    var path = "data/mlb_betting.duckdb"

    @Option(name: .customLong("db-mode"), help: """
        optimized (reader pool and batching writer) or legacy (a file lock around each operation, so \
        several processes can share the file).
        """)
    var mode: CoordinatorMode = .optimized

    @Option(name: .long, help: "Tuning preset (default: the command's own).")
    var preset: PresetName?

    @Option(name: .customLong("flush-policy"), help: """
        When queued writes commit (optimized mode). group-commit, the default: a write commits as soon \
        as the writer is free, and writes that arrive meanwhile share the next commit. timer: the \
        migration guide's batches (up to the preset's writeBatchTimeout, writeBatchSize rows, or a \
        CRITICAL write).
        """)
    var flushPolicy: FlushPolicy?

    @Option(name: .customLong("commit-delay"), help: ArgumentHelp(
        "Group commit only: seconds an idle writer gathers writes before committing (default: 0).",
        valueName: "seconds"))
    var commitDelay: Double?

    /// The preset asked for (or the command's own) with the flush options applied.
    func config(defaultPreset: String = "production") -> ConnectionConfig {
        let name = preset?.name ?? defaultPreset
        // `PresetName` only parses known names, and every command's default is one.
        var config = ConnectionConfig.presets[name] ?? .production
        if let flushPolicy { config.flushPolicy = flushPolicy }
        if let commitDelay { config.commitDelay = commitDelay }
        return config
    }

    /// Creates the database file's folder when it is missing.
    func createFolder() throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    }

    /// Opens the file in this process (`sharp serve`), turning setup failures into messages
    /// that say what to do.
    func openFile(defaultPreset: String = "production") throws -> DatabaseCoordinator {
        try createFolder()
        do {
            return try DatabaseCoordinator(path: path, mode: mode, config: config(defaultPreset: defaultPreset))
        } catch let error as DuckDBError where error.kind == .lockConflict {
            throw CommandFailure("""
                \(error.message)
                Another process has \(path) open and does not serve it; stop it, or open the file from sharp only.
                """, status: .unavailable)
        }
    }
}

/// A tuning preset's name (`ConnectionConfig.presets`), checked while the command line is
/// parsed, so a wrong one is a usage mistake of the command that was given it.
struct PresetName: ExpressibleByArgument, Sendable {
    let name: String

    init?(argument: String) {
        guard ConnectionConfig.presets[argument] != nil else { return nil }
        name = argument
    }

    static var allValueStrings: [String] { ConnectionConfig.presets.keys.sorted() }
}

extension CoordinatorMode: ExpressibleByArgument {}
extension FlushPolicy: ExpressibleByArgument {}
