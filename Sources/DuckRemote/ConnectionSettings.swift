import Foundation

/// A connection URL read the way psql users expect: what the URL leaves out comes from libpq's
/// environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`,
/// `PGSSLROOTCERT`), then libpq's defaults; a password neither the URL nor `PGPASSWORD` gives
/// is looked up in the password file (`PGPASSFILE`, else `~/.pgpass`).
///
/// ```swift
/// // PGUSER=analyst PGPASSWORD=… in the environment, a line for db.example in ~/.pgpass, …
/// let endpoint = try ConnectionSettings.endpoint(url: "postgres://db.example:5433/main?sslmode=verify-full")
/// let everything = try ConnectionSettings.endpoint(url: "postgres://")   // all from the environment
/// ```
///
/// Defaults, as libpq's: host `localhost`, port 5432 (`sharp serve` listens on 5433: give it),
/// user the login name, database the user name, sslmode `prefer`, sslrootcert
/// `~/.postgresql/root.crt` when it exists. A password file readable by group or others is
/// ignored, as libpq ignores it; the login error then says so.
public enum ConnectionSettings {
    /// The endpoint `url` names, completed from `environment` and the password file.
    /// - Throws: ``RemoteEndpointError`` for a URL or setting that cannot be used.
    /// `home` is where `~/.pgpass` and `~/.postgresql/root.crt` are looked for (default:
    /// `HOME`, else the login's home folder).
    public static func endpoint(url: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                                home: String? = nil) throws -> RemoteEndpoint {
        let parsed = try ConnectionURL(url)
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = home ?? env("HOME") ?? NSHomeDirectory()

        let port: Int
        if let given = parsed.port {
            port = given
        } else if let text = env("PGPORT") {
            guard let number = Int(text), (1...65_535).contains(number) else { throw RemoteEndpointError("PGPORT=\(text) is not a port number") }
            port = number
        } else {
            port = 5432
        }
        let address: RemoteEndpoint.Address
        if let directory = parsed.socketDirectory {
            address = .unixSocket(path: (directory as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
        } else if let host = parsed.host {
            address = .tcp(host: host, port: port)
        } else if let host = env("PGHOST") {
            address = host.hasPrefix("/") ? .unixSocket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
                : .tcp(host: host, port: port)
        } else {
            address = .tcp(host: "localhost", port: port)
        }
        let user = parsed.user ?? env("PGUSER") ?? loginName()
        let database = parsed.database ?? env("PGDATABASE") ?? user

        var sslMode = parsed.sslMode ?? .prefer
        if parsed.sslMode == nil, let text = env("PGSSLMODE") {
            guard let mode = RemoteEndpoint.SSLMode(rawValue: text) else {
                throw RemoteEndpointError("PGSSLMODE=\(text): use one of \(RemoteEndpoint.SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sslMode = mode
        }
        let defaultRoot = (home as NSString).appendingPathComponent(".postgresql/root.crt")
        let sslRootCert = parsed.sslRootCert ?? env("PGSSLROOTCERT")
            ?? (FileManager.default.fileExists(atPath: defaultRoot) ? defaultRoot : nil)

        var password = parsed.password.map { ($0, "the URL") }
        if password == nil, let given = env("PGPASSWORD") { password = (given, "PGPASSWORD") }
        var passFileNote: String?
        if password == nil {
            let file = env("PGPASSFILE") ?? (home as NSString).appendingPathComponent(".pgpass")
            switch PasswordFile.lookup(file, address: address, database: database, user: user) {
            case .found(let found): password = (found, file)
            case .tooOpen: passFileNote = "\(file) was ignored: it is readable by group or others (chmod 600 \(file))"
            case .none: break
            }
        }
        var endpoint = RemoteEndpoint(address: address, user: user, database: database, password: password?.0,
                                      passwordSource: password?.1, sslMode: sslMode, sslRootCert: sslRootCert)
        if let passFileNote {
            endpoint.loginHint = "\(passFileNote); or give the password of user \"\(user)\" in the URL or PGPASSWORD"
        }
        return endpoint
    }

    /// The login name libpq uses when no user is given.
    static func loginName() -> String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return NSUserName()
    }
}

/// libpq's password file: lines `host:port:database:user:password`, `*` matching anything in
/// the first four fields, `\:` and `\\` escaping, `#` comments. A Unix-socket connection
/// matches the host `localhost` or its socket folder.
enum PasswordFile {
    enum Lookup: Equatable {
        case found(String)
        /// The file exists but group or others may read it: ignored, as libpq does.
        case tooOpen
        case none
    }

    static func lookup(_ path: String, address: RemoteEndpoint.Address, database: String, user: String) -> Lookup {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return .none }
        if let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0 { return .tooOpen }
        let hosts: [String], port: String
        switch address {
        case .tcp(let host, let number): (hosts, port) = ([host], String(number))
        case .unixSocket(let socket):
            let name = (socket as NSString).lastPathComponent
            (hosts, port) = (["localhost", (socket as NSString).deletingLastPathComponent], String(name.split(separator: ".").last ?? ""))
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            func matches(_ field: String, _ values: [String]) -> Bool { field == "*" || values.contains(field) }
            if matches(fields[0], hosts), matches(fields[1], [port]), matches(fields[2], [database]), matches(fields[3], [user]) {
                return .found(fields[4])
            }
        }
        return .none
    }

    /// The five fields of a line, `\:` and `\\` unescaped (the password keeps any further `:`).
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":", fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
