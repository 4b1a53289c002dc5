import ArgumentParser
import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation
import Observability

struct ServeCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Own the database file and serve it over the PostgreSQL wire protocol (psql, JDBC, psycopg, other sharp processes).",
        discussion: """
            Listens on TCP (--host/--port) and on a Unix-domain socket beside the file, named as \
            PostgreSQL names its own (DIR/.s.PGSQL.PORT), so `psql -h DIR -p PORT` works (DIR absolute: \
            psql takes a -h starting with / as a socket folder). Without a password every client on this \
            machine is trusted, and only loopback addresses may be bound; with SHARP_SERVER_PASSWORD or \
            --password-file, logins use SCRAM-SHA-256 (MD5 or cleartext for old clients only with \
            --allow-md5-password / --allow-cleartext-password). --user NAME (repeatable) and \
            --users-file (`[ROLE] name[:password]` lines) limit who may log in; other names are refused \
            (SQLSTATE 28P01, or 28000 without passwords).

            Roles: read (SELECT, COPY … TO STDOUT), write (the default: also DML, DDL, COPY … FROM \
            STDIN) and admin (also the server's files, extensions and settings: read_csv, FROM \
            'file.csv', COPY to a file, ATTACH, INSTALL/LOAD, PRAGMA, SET GLOBAL). Refusals are \
            SQLSTATE 42501. --default-role sets the role of logins the users file does not name. With \
            no admin, DuckDB's own guard is on (enable_external_access off, configuration locked) for \
            as long as the file stays open in this process. A session idle inside a transaction holds \
            the writer: after --idle-in-transaction-timeout seconds it is terminated (SQLSTATE 25P03) so \
            other writers go on.

            Writes FILE.owner (pid, host, port, socket) while it runs. Ctrl-C or SIGTERM stops it: no \
            new connections, running statements finish, queued writes commit, the file closes, the \
            socket and FILE.owner are removed, exit status 0.

            Examples:
              sharp serve --path data/mlb_betting.duckdb
              psql -h 127.0.0.1 -p 5433 -c "SELECT count(*) FROM games"
              psql -h "$PWD/data" -p 5433              # through the Unix socket
              SHARP_SERVER_PASSWORD=… sharp serve --host 0.0.0.0 --users-file users.txt
              sharp serve --default-role read    # every trusted local login may only read
            """
    )

    @OptionGroup var metrics: MetricsArguments
    @Option(name: .long, help: "TCP address to listen on (non-loopback needs a password).") var host = "127.0.0.1"
    @Option(name: .long, help: "TCP port (0 picks a free one); also names the Unix socket.") var port = 5433
    @Option(name: .customLong("max-connections"), help: "Sessions beyond this many are refused (SQLSTATE 53300).") var maxConnections = 64
    @Option(name: .customLong("idle-timeout"), help: "Close sessions idle this many seconds (default: never).") var idleTimeout: Double?
    @Option(name: .customLong("max-message-size"), help: "Largest client message accepted, in bytes.") var maxMessageSize = 64 << 20
    @Option(name: .customLong("password-file"), help: "File holding the password clients must give (SCRAM-SHA-256).") var passwordFile: String?
    @Option(name: .customLong("tls-cert"), help: "TLS certificate chain (PEM); with --tls-key, clients may use sslmode=require.") var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "TLS private key (PEM).") var tlsKey: String?
    @Flag(name: .customLong("no-tcp"), help: "Listen on the Unix socket only.") var noTCP = false
    @Flag(name: .customLong("allow-cleartext-password"), help: "Ask for the password in cleartext instead of SCRAM-SHA-256 (old clients only).")
    var allowCleartextPassword = false
    @Flag(name: .customLong("allow-md5-password"), help: "Ask for an MD5 password hash instead of SCRAM-SHA-256 (old clients only).")
    var allowMD5Password = false
    @Option(name: .customLong("user"), help: "A user name that may log in (repeatable); others are refused.") var allowedUsers: [String] = []
    @Option(name: .customLong("users-file"), help: "File of users that may log in, one `[read|write|admin] name[:password]` per line.")
    var usersFile: String?
    @Option(name: .customLong("default-role"), help: "Role of logins the users file does not name: read, write or admin.")
    var defaultRole = "write"

    @Option(name: .customLong("idle-in-transaction-timeout"),
            help: "Terminate a session idle this many seconds inside a transaction (it holds the writer); 0 = never.")
    var idleInTransactionTimeout: Double = 60

    @OptionGroup(title: "Storage options") var database: FileArguments

    func run() async throws {
        let password = try readPassword()
        let path = database.path
        let folder = (path as NSString).deletingLastPathComponent
        // Absolute, because psql takes a -h value as a socket directory only when it starts with '/'.
        let directory = URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
        let role: ServerRole
        do { role = try ServerRole(parsing: defaultRole) } catch let error as ServerConfigurationError {
            throw ValidationError("--default-role: \(error.description)")
        }
        let settings = ServerConfiguration(host: noTCP ? nil : host, port: port, unixSocketDirectory: directory,
                                           maxConnections: maxConnections, maxMessageSize: maxMessageSize,
                                           idleTimeout: idleTimeout, password: password,
                                           allowCleartextPassword: allowCleartextPassword,
                                           tlsCertificatePath: tlsCert, tlsKeyPath: tlsKey, users: try readUsers(),
                                           allowMD5Password: allowMD5Password,
                                           idleInTransactionTimeout: idleInTransactionTimeout == 0 ? nil : idleInTransactionTimeout,
                                           defaultRole: role)
        do { try settings.validate() } catch let error as ServerConfigurationError {
            throw CommandFailure(error.description, status: .config)
        }
        // Everything that can refuse the start is checked before the file is opened (and
        // maybe created): a refused command leaves nothing behind.
        if let owner = OwnerRecord.live(for: path) {
            throw CommandFailure("\(path) is already served by process \(owner.pid) at \(owner.reachableAt); connect to it (psql -h \(directory) -p \(owner.port ?? port)) or stop it first", status: .unavailable)
        }
        if !noTCP, let problem = PortProbe.problem(host: host, port: port) {
            throw CommandFailure(problem, status: .unavailable)
        }
        let db: DatabaseCoordinator
        do {
            db = try await database.openFileMigrated(defaultPreset: "production")
        } catch let error as DuckDBError where error.kind == .lockConflict {
            throw CommandFailure("\(error.message)\nAnother process has \(path) open; stop it, or let it serve the file.",
                                 status: .unavailable)
        }
        let stop = StopSignal()
        let served: ServedFile
        do {
            served = try await ServedFile.start(coordinator: db, path: path, configuration: settings)
        } catch {
            await db.shutdown()
            throw CommandFailure("cannot serve \(path): \(error)", status: .unavailable)
        }
        let addresses = served.addresses
        let endpoint: ObservabilityServer?
        do {
            endpoint = try await metrics.start(db) { served.server.sessionCount }
        } catch {
            await served.stop()
            await db.shutdown()
            throw error
        }
        var ready = ""
        if let host = addresses.host, let port = addresses.port { ready += "listening on \(host):\(port)\n" }
        if let socket = addresses.unixSocketPath { ready += "unix socket \(socket)\n" }
        FileHandle.standardOutput.write(Data(ready.utf8))
        let signal = await stop.next()
        StandardError.print("\(signal): stopping (finishing running statements, committing queued writes)")
        await endpoint?.stop()
        await served.stop()
        await db.shutdown()
        StandardError.print("stopped")
    }

    /// `--users-file` and `--user`, together; nil when neither is given (any user name).
    private func readUsers() throws -> [ServerUser]? {
        var users: [ServerUser] = []
        if let file = usersFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read --users-file \(file)", status: .config)
            }
            do { users = try ServerUser.parseList(String(decoding: data, as: UTF8.self)) } catch let error as ServerConfigurationError {
                throw CommandFailure("--users-file \(file): \(error.description)", status: .config)
            }
        }
        for name in allowedUsers where !users.contains(where: { $0.name == name }) {
            guard !name.isEmpty else { throw ValidationError("--user needs a user name") }
            users.append(ServerUser(name: name))
        }
        return usersFile == nil && allowedUsers.isEmpty ? nil : users
    }

    private func readPassword() throws -> String? {
        if let file = passwordFile {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure("cannot read --password-file \(file)", status: .config)
            }
            let password = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !password.isEmpty else { throw CommandFailure("--password-file \(file) is empty", status: .config) }
            return password
        }
        if let password = ProcessInfo.processInfo.environment["SHARP_SERVER_PASSWORD"], !password.isEmpty { return password }
        return nil
    }
}

/// SIGINT and SIGTERM (the ways a server is asked to stop), caught from creation on.
final class StopSignal: Sendable {
    private let stream: AsyncStream<String>
    private let subscription: ProcessSignals.Subscription

    init() {
        let (stream, continuation) = AsyncStream<String>.makeStream()
        self.stream = stream
        subscription = ProcessSignals.subscribe { continuation.yield($0 == .interrupt ? "SIGINT" : "SIGTERM") }
    }

    deinit { subscription.cancel() }

    /// Returns the name of the next signal.
    func next() async -> String {
        for await name in stream { return name }
        return "stop"
    }
}
