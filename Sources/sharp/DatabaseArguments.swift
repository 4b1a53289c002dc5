import ArgumentParser
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import SharpBetting

/// The storage options of every command that uses the database through whoever owns it: the
/// file's own options (``FileArguments``) and how to reach it (`--db-url`, `--no-serve`). Each
/// command declares it as `@OptionGroup(title: "Storage options")`, shown after its own options.
///
/// ```swift
/// @OptionGroup(title: "Storage options") var database: DatabaseArguments
/// let db = try await database.openMigrated()
/// ```
struct DatabaseArguments: ParsableArguments {
    @OptionGroup var file: FileArguments

    @Option(name: .customLong("db-url"), help: ArgumentHelp("""
        Use the database at this URL instead of the file --path: a sharp server or a PostgreSQL, \
        postgres://[user[:password]@]host[:port][/database], TLS with ?sslmode=…&sslrootcert=FILE \
        (default: SHARP_DATABASE_URL). What the URL leaves out comes from PGHOST, PGPORT, PGUSER, \
        PGPASSWORD (or ~/.pgpass), PGDATABASE, PGSSLMODE and PGSSLROOTCERT, as psql reads them.
        """, valueName: "url"))
    var dbURL: String?

    @Flag(name: .customLong("no-serve"), help: "When this process opens the file itself, do not serve it to other processes while it runs.")
    var noServe = false

    /// The database file.
    var path: String {
        get { file.path }
        set { file.path = newValue }
    }
    /// The coordinator mode asked for.
    var mode: CoordinatorMode { file.mode }
    /// The preset asked for, nil for the command's own.
    var preset: String? { file.preset?.name }

    /// The file shared with every other sharp process using it: through its live owner when
    /// there is one (`--db-url` forces a server), else opened here, and served to others while
    /// this process runs unless `--no-serve`. `migrate` brings the schema up to date first;
    /// `announceServing` says on stderr that this process serves the file.
    func open(defaultPreset: String = "production", migrate: Bool = false, announceServing: Bool = false) async throws -> SharedCoordinator {
        let endpoint: RemoteEndpoint?
        let url = dbURL ?? ProcessInfo.processInfo.environment["SHARP_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        do { endpoint = try url.map { try ConnectionSettings.endpoint(url: $0) } } catch let error as RemoteEndpointError {
            if dbURL == nil { throw CommandFailure("SHARP_DATABASE_URL: \(error.description)", status: .config) }
            throw ValidationError(error.description)
        }
        if endpoint == nil { try file.createFolder() }
        let options = SharedCoordinator.Options(
            path: path, mode: mode, config: file.config(defaultPreset: defaultPreset), serve: !noServe, endpoint: endpoint,
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
