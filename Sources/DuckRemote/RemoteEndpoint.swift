import Foundation

/// Where a ``RemoteCoordinator`` reaches its owner: a Unix-domain socket or a TCP address,
/// with the user, database and optional password of the startup message.
///
/// ```swift
/// let local = RemoteEndpoint.unixSocket("/srv/data/.s.PGSQL.5433")
/// let tcp = try RemoteEndpoint(url: "postgres://sharp@127.0.0.1:5433/main")
/// ```
public struct RemoteEndpoint: Sendable, Equatable, CustomStringConvertible {
    public enum Address: Sendable, Equatable {
        case unixSocket(path: String)
        case tcp(host: String, port: Int)
    }

    public var address: Address
    public var user: String
    public var database: String
    /// Answers the server's password request (SCRAM-SHA-256, MD5 or cleartext); nil for trust.
    public var password: String?

    public init(address: Address, user: String = "sharp", database: String = "main", password: String? = nil) {
        self.address = address
        self.user = user
        self.database = database
        self.password = password
    }

    /// The socket file `path` (PostgreSQL names them `DIR/.s.PGSQL.PORT`).
    public static func unixSocket(_ path: String) -> RemoteEndpoint { RemoteEndpoint(address: .unixSocket(path: path)) }

    /// Parses `postgres://[user[:password]@]host[:port][/database]` (or `postgresql://`); a
    /// `host` query parameter that starts with `/` names a socket directory, as libpq's does.
    /// - Throws: ``RemoteEndpointError`` naming what is wrong.
    public init(url text: String) throws {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw RemoteEndpointError("--db-url must look like postgres://[user@]host[:port][/database], got \(text)")
        }
        let port = components.port ?? 5433
        let socketDirectory = components.queryItems?.first { $0.name == "host" }?.value
        if let socketDirectory, socketDirectory.hasPrefix("/") {
            address = .unixSocket(path: (socketDirectory as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else {
            guard let host = components.host, !host.isEmpty else {
                throw RemoteEndpointError("--db-url \(text) names no host")
            }
            address = .tcp(host: host, port: port)
        }
        user = components.user ?? "sharp"
        password = components.password
        let path = components.path.trimmingCharacters(in: ["/"])
        database = path.isEmpty ? "main" : path
    }

    public var description: String {
        switch address {
        case .unixSocket(let path): path
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }
}

/// A `--db-url` that cannot be used.
public struct RemoteEndpointError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
