import ArgumentParser
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import SharpBetting

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

    @Option(name: .customLong("db-url"), help: ArgumentHelp("""
        Use the database at this URL instead of the file --path: a sharp server or a PostgreSQL, \
        postgres://[user[:password]@]host[:port][/database][?sslmode=…&sslrootcert=FILE] \
        (default: SHARP_DATABASE_URL). What the URL leaves out comes from PGHOST, PGPORT, PGUSER, \
        PGPASSWORD (or ~/.pgpass), PGDATABASE, PGSSLMODE and PGSSLROOTCERT, as psql reads them.
        """, valueName: "url"))
    var dbURL: String?

    @Flag(name: .customLong("no-serve"), help: "When this process opens the file itself, do not serve it to other processes while it runs.")
    var noServe = false

    func config(defaultPreset: String = "production") throws -> ConnectionConfig {
        let preset = self.preset ?? defaultPreset
        guard var config = ConnectionConfig.presets[preset] else {
            throw ValidationError("unknown preset '\(preset)'; choose one of \(ConnectionConfig.presets.keys.sorted().joined(separator: ", "))")
        }
        if let flushPolicy { config.flushPolicy = flushPolicy }
        if let commitDelay { config.commitDelay = commitDelay }
        return config
    }

    /// Creates the database file's folder when it is missing.
    private func createFolder() throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    }

    /// Opens the file in this process (`sharp serve`), turning setup failures into messages that say what to do.
    func openFile(defaultPreset: String = "production") throws -> DatabaseCoordinator {
        try createFolder()
        do {
            return try DatabaseCoordinator(path: path, mode: mode, config: try config(defaultPreset: defaultPreset))
        } catch let error as DuckDBError where error.kind == .lockConflict {
            throw CommandFailure("""
                \(error.message)
                Another process has \(path) open and does not serve it; stop it, or open the file from sharp only.
                """, status: .unavailable)
        }
    }

    /// The file shared with every other sharp process using it: through its live owner when
    /// there is one (`--db-url` forces a server), else opened here, and served to others while
    /// this process runs unless `--no-serve`. `migrate` brings the schema up to date first;
    /// `announceServing` says on stderr that this process serves the file.
    func open(defaultPreset: String = "production", migrate: Bool = false, announceServing: Bool = false) async throws -> SharedCoordinator {
        try createFolder()
        let endpoint: RemoteEndpoint?
        let url = dbURL ?? ProcessInfo.processInfo.environment["SHARP_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        do { endpoint = try url.map { try ConnectionSettings.endpoint(url: $0) } } catch let error as RemoteEndpointError {
            if dbURL == nil { throw CommandFailure("SHARP_DATABASE_URL: \(error.description)", status: .config) }
            throw ValidationError(error.description)
        }
        let options = SharedCoordinator.Options(
            path: path, mode: mode, config: try config(defaultPreset: defaultPreset), serve: !noServe, endpoint: endpoint,
            announce: { message in
                if announceServing || !message.hasPrefix("serving") { StandardError.print(message) }
            },
            prepare: { db in if migrate { _ = try await SchemaMigrator().migrate(db) } },
            ownerPassword: ProcessInfo.processInfo.environment["SHARP_SERVER_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 })
        do {
            return try await SharedCoordinator.open(options)
        } catch let error as DuckDBError where error.kind == .lockConflict {
            throw CommandFailure(error.message, status: .unavailable)
        } catch let error as RemoteCoordinatorError {
            throw CommandFailure(error.description, status: ExitStatus(classifying: error) ?? .unavailable)
        } catch let error as RemoteEndpointError {
            throw CommandFailure(error.description, status: .config)
        }
    }
}

extension CoordinatorMode: ExpressibleByArgument {}
extension FlushPolicy: ExpressibleByArgument {}
