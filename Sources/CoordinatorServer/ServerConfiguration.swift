/// How a ``CoordinatorServer`` listens, authenticates and limits its sessions.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "127.0.0.1", port: 5433)
/// configuration.unixSocketDirectory = "/srv/data"     // also listen on /srv/data/.s.PGSQL.5433
/// configuration.password = ProcessInfo.processInfo.environment["SHARP_SERVER_PASSWORD"]
/// try configuration.validate()                          // refuses 0.0.0.0 without a password
/// ```
public struct ServerConfiguration: Sendable {
    /// TCP address to bind; nil listens only on the Unix socket.
    public var host: String?
    /// TCP port; 0 picks a free one (see ``CoordinatorServer/Addresses``).
    public var port: Int
    /// Directory of the Unix-domain socket `.s.PGSQL.<port>` (PostgreSQL's naming, so
    /// `psql -h DIR -p PORT` finds it); nil for none.
    public var unixSocketDirectory: String?
    /// Sessions beyond this many are refused with SQLSTATE 53300.
    public var maxConnections: Int
    /// Largest frontend message accepted, in bytes; larger closes the session (08P01).
    public var maxMessageSize: Int
    /// Seconds a session may sit idle (no statement running) before it is closed; nil = never.
    public var idleTimeout: Double?
    /// With a password, logins use SCRAM-SHA-256; without, every local client is trusted.
    public var password: String?
    /// The user names that may log in (each with its own password or ``password``); nil lets
    /// any user name in. Others are refused: 28P01 when passwords are in use (after the usual
    /// exchange, so names do not leak), else 28000.
    public var users: [ServerUser]?
    /// Ask for the password in cleartext instead of SCRAM-SHA-256, for old clients that lack
    /// SCRAM. Off by default: without TLS the password crosses the network readable.
    public var allowCleartextPassword: Bool
    /// Ask for an MD5 password hash instead of SCRAM-SHA-256, for old clients that lack SCRAM.
    /// Off by default: MD5 is weak and a captured exchange can be replayed against the hash.
    public var allowMD5Password: Bool
    /// Seconds a session may sit idle inside a transaction (holding the writer, so every other
    /// writer waits) before it is terminated with SQLSTATE 25P03; nil = never.
    public var idleInTransactionTimeout: Double?
    /// Reported as `server_version`.
    public var serverVersion: String
    /// PEM certificate chain and private key: with both, an SSLRequest is answered `S` and the
    /// session continues over TLS; without, it is answered `N` (clients fall back or give up,
    /// as their sslmode says).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// The role of a login that no ``users`` list names (any user name, when there is no
    /// list): ``ServerRole/write`` by default.
    public var defaultRole: ServerRole
    /// When nobody may be admin (no listed admin, ``defaultRole`` not admin), the server turns
    /// DuckDB's own guard on as it starts: `enable_external_access = false` and
    /// `lock_configuration = true`, for the whole database. DuckDB then refuses every way to a
    /// file, an extension or a setting, including those no statement check sees (a replacement
    /// scan such as `FROM data.csv`). DuckDB cannot turn them back on while the database is
    /// open, so a process that itself reads files through DuckDB while it serves (sharp's own
    /// commands, which serve only on a Unix socket of their own user) sets this to false and
    /// relies on the server's statement checks. True by default.
    public var disablesExternalAccess: Bool

    public init(host: String? = "127.0.0.1", port: Int = 5433, unixSocketDirectory: String? = nil,
                maxConnections: Int = 64, maxMessageSize: Int = 64 << 20, idleTimeout: Double? = nil,
                password: String? = nil, allowCleartextPassword: Bool = false, serverVersion: String = "15.0 (sharp)",
                tlsCertificatePath: String? = nil, tlsKeyPath: String? = nil, users: [ServerUser]? = nil,
                allowMD5Password: Bool = false, idleInTransactionTimeout: Double? = 60, defaultRole: ServerRole = .write,
                disablesExternalAccess: Bool = true) {
        self.host = host
        self.port = port
        self.unixSocketDirectory = unixSocketDirectory
        self.maxConnections = maxConnections
        self.maxMessageSize = maxMessageSize
        self.idleTimeout = idleTimeout
        self.password = password
        self.allowCleartextPassword = allowCleartextPassword
        self.serverVersion = serverVersion
        self.tlsCertificatePath = tlsCertificatePath
        self.tlsKeyPath = tlsKeyPath
        self.users = users
        self.allowMD5Password = allowMD5Password
        self.idleInTransactionTimeout = idleInTransactionTimeout
        self.defaultRole = defaultRole
        self.disablesExternalAccess = disablesExternalAccess
    }

    /// Whether some login may get the admin role.
    public var grantsAdmin: Bool {
        users.map { $0.contains { $0.role == .admin } } ?? (defaultRole == .admin)
    }

    /// Whether the server turns DuckDB's guard on (see ``disablesExternalAccess``).
    public var locksDownDuckDB: Bool { disablesExternalAccess && !grantsAdmin }

    /// Whether some login needs a password (the server's or a listed user's own).
    public var usesPasswords: Bool { password != nil || users?.contains { $0.password != nil } == true }

    /// Whether every login needs a password (nobody is trusted).
    public var requiresPasswords: Bool {
        guard let users else { return password != nil }
        return password != nil || users.allSatisfy { $0.password != nil }
    }

    /// Whether `host` only reaches this machine.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Refuses settings that would be unsafe or cannot work.
    /// - Throws: ``ServerConfigurationError`` saying what to change.
    public func validate() throws {
        if let host, !requiresPasswords, !Self.isLoopback(host) {
            throw ServerConfigurationError("refusing to listen on \(host) without a password for every user: anyone who can reach it could read and change the database. Set SHARP_SERVER_PASSWORD or --password-file (or give every user of --users-file a password), or listen on 127.0.0.1")
        }
        if allowMD5Password, allowCleartextPassword {
            throw ServerConfigurationError("choose one of --allow-md5-password and --allow-cleartext-password (each replaces SCRAM-SHA-256 for every login)")
        }
        if allowMD5Password || allowCleartextPassword, !usesPasswords {
            throw ServerConfigurationError("--allow-\(allowMD5Password ? "md5" : "cleartext")-password needs a password: set SHARP_SERVER_PASSWORD, --password-file or passwords in --users-file")
        }
        if users?.isEmpty == true { throw ServerConfigurationError("the list of users is empty: nobody could log in") }
        if let idleInTransactionTimeout, !(idleInTransactionTimeout > 0) {
            throw ServerConfigurationError("the idle-in-transaction timeout must be more than 0 seconds, got \(idleInTransactionTimeout); leave it out to keep the default")
        }
        if host == nil, unixSocketDirectory == nil {
            throw ServerConfigurationError("nothing to listen on: give a TCP host or a Unix socket directory")
        }
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw ServerConfigurationError("TLS needs both a certificate and a private key (--tls-cert and --tls-key)")
        }
        guard maxConnections >= 1 else { throw ServerConfigurationError("max connections must be at least 1, got \(maxConnections)") }
        guard maxMessageSize >= 1024 else { throw ServerConfigurationError("max message size must be at least 1024 bytes, got \(maxMessageSize)") }
        guard (0...65_535).contains(port) else { throw ServerConfigurationError("port must be 0…65535, got \(port)") }
    }
}

/// A ``ServerConfiguration`` that cannot be used, with what to change.
public struct ServerConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
