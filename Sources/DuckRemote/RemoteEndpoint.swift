import Foundation

/// Where a ``RemoteCoordinator`` reaches its database: a sharp owner's Unix socket or a TCP
/// address (a `sharp serve`, or a real PostgreSQL), with the user, database, password and TLS
/// settings of the login.
///
/// ```swift
/// let local = RemoteEndpoint.unixSocket("/srv/data/.s.PGSQL.5433")
/// let tcp = try RemoteEndpoint(url: "postgres://sharp@db.example:5433/main?sslmode=verify-full&sslrootcert=/etc/sharp/ca.pem")
/// let psqlLike = try ConnectionSettings.endpoint(url: "postgres://db.example/main")   // + PGUSER, PGPASSWORD, ~/.pgpass, …
/// ```
public struct RemoteEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Address: Sendable, Equatable {
        case unixSocket(path: String)
        case tcp(host: String, port: Int)
    }

    /// libpq's `sslmode`: whether TLS is used on TCP and what is checked (Unix sockets never use it).
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, else plain; the certificate is not checked.
        case prefer
        /// TLS or fail; the certificate is not checked (checked against `sslrootcert` when one is given, as libpq does).
        case require
        /// TLS, and the server's certificate must be signed by `sslrootcert`.
        case verifyCA = "verify-ca"
        /// As `verify-ca`, and the certificate must name the host connected to.
        case verifyFull = "verify-full"
    }

    public var address: Address
    public var user: String
    public var database: String
    /// Answers the server's password request (SCRAM-SHA-256, MD5 or cleartext); nil for trust.
    public var password: String?
    /// Where `password` came from, for the message of a refused login (`--db-url`, `PGPASSWORD`, …).
    public var passwordSource: String?
    public var sslMode: SSLMode
    /// The PEM file of the certificate authorities that `verify-ca`/`verify-full` trust.
    public var sslRootCert: String?
    /// What a refused login should tell the user to set, when the default advice (the URL,
    /// `PGPASSWORD`, `~/.pgpass`) is not the right one (a discovered owner: `SHARP_SERVER_PASSWORD`).
    public var loginHint: String?

    public init(address: Address, user: String = "sharp", database: String = "main", password: String? = nil,
                passwordSource: String? = nil, sslMode: SSLMode = .prefer, sslRootCert: String? = nil) {
        self.address = address
        self.user = user
        self.database = database
        self.password = password
        self.passwordSource = passwordSource ?? (password == nil ? nil : "the connection settings")
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
    }

    /// The socket file `path` (PostgreSQL names them `DIR/.s.PGSQL.PORT`).
    public static func unixSocket(_ path: String) -> RemoteEndpoint { RemoteEndpoint(address: .unixSocket(path: path)) }

    /// Parses `postgres://[user[:password]@]host[:port][/database][?sslmode=…&sslrootcert=…]`
    /// (or `postgresql://`; `host=/dir` names a socket folder, as libpq's does) with libpq's
    /// defaults for what it leaves out and nothing from the environment;
    /// ``ConnectionSettings/endpoint(url:environment:home:)`` reads the environment as psql does.
    /// - Throws: ``RemoteEndpointError`` naming what is wrong.
    public init(url text: String) throws {
        self = try ConnectionSettings.endpoint(url: text, environment: [:], home: "/nonexistent")
    }

    public var description: String {
        switch address {
        case .unixSocket(let path): path
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }

    /// Which setting to give or fix after a refused login.
    func loginAdvice(passwordGiven: Bool) -> String {
        if let loginHint { return loginHint }
        let places = "--db-url postgres://\(user):PASSWORD@HOST:PORT/DB (or SHARP_DATABASE_URL), PGPASSWORD, or a line in ~/.pgpass"
        guard passwordGiven else { return "give the password of user \"\(user)\" in \(places)" }
        return "check user \"\(user)\" (PGUSER or the URL) and its password (given by \(passwordSource ?? "the connection settings")); set it in \(places)"
    }
}

/// The parts of a `postgres://` URL, each nil when the URL leaves it out.
struct ConnectionURL {
    var host: String?
    var port: Int?
    var socketDirectory: String?
    var user: String?
    var password: String?
    var database: String?
    var sslMode: RemoteEndpoint.SSLMode?
    var sslRootCert: String?

    init(_ text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw RemoteEndpointError("--db-url must look like postgres://[user[:password]@]host[:port][/database], got \(text)")
        }
        let query = components.queryItems ?? []
        func item(_ name: String) -> String? { query.first { $0.name == name }?.value }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 }
        port = components.port
        if let named = item("host") {
            if named.hasPrefix("/") { socketDirectory = named } else if host == nil { host = named }
        }
        if let portText = item("port") {
            guard let number = Int(portText) else { throw RemoteEndpointError("port=\(portText) in --db-url is not a number") }
            port = number
        }
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? item("user")
        password = components.password ?? item("password")
        let path = components.path.trimmingCharacters(in: ["/"])
        database = path.isEmpty ? item("dbname") : path
        if let mode = item("sslmode") {
            guard let known = RemoteEndpoint.SSLMode(rawValue: mode) else {
                throw RemoteEndpointError("sslmode=\(mode) in --db-url: use one of \(RemoteEndpoint.SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = known
        }
        sslRootCert = item("sslrootcert")
    }
}

/// A `--db-url` (or connection setting) that cannot be used.
public struct RemoteEndpointError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
