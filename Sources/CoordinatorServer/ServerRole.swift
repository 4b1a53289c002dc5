/// What a login may do on a ``CoordinatorServer``, from least to most.
///
/// - ``read``: SELECT, SHOW, COPY … TO STDOUT; every statement runs in a read-only DuckDB
///   transaction, so DuckDB itself refuses a write however it is spelled.
/// - ``write`` (the default): also DML and DDL on the file's tables (so migrations run) and
///   COPY … FROM STDIN. What the pipeline and `sharp db copy` need.
/// - ``admin``: also the server's own files, settings and extensions (read_csv and other
///   file readers, `FROM 'file.csv'`, COPY to or from a file, ATTACH/DETACH, INSTALL/LOAD,
///   PRAGMA and CALL of settings), as PostgreSQL's superusers and its pg_read_server_files /
///   pg_write_server_files roles.
///
/// ```swift
/// let role = try ServerRole(parsing: "read")   // .read
/// role.includes(.write)                         // false
/// ```
public enum ServerRole: String, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case read
    case write
    case admin

    /// Parses `read`, `write` or `admin` (any case).
    /// - Throws: ``ServerConfigurationError`` naming the roles there are.
    public init(parsing text: String) throws {
        guard let role = ServerRole(rawValue: text.lowercased()) else {
            throw ServerConfigurationError("unknown role \"\(text)\": use read, write or admin")
        }
        self = role
    }

    /// Whether this role may do what `needed` may.
    public func includes(_ needed: ServerRole) -> Bool { self >= needed }

    public static func < (lhs: ServerRole, rhs: ServerRole) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .read: 0
        case .write: 1
        case .admin: 2
        }
    }

    public var description: String { rawValue }
}
