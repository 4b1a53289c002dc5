/// Errors of a ``RemoteCoordinator`` that are about reaching the owner, not about the SQL
/// (the owner's SQL errors arrive as `DuckDBError`, as they would in process).
///
/// ```swift
/// do { try await remote.write("INSERT INTO t VALUES (1)") }
/// catch let error as RemoteCoordinatorError where error.isRetryable { /* the owner went away: try again */ }
/// ```
public enum RemoteCoordinatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody answers at the owner's address (it stopped, or never started).
    case ownerUnreachable(address: String, reason: String)
    /// The connection dropped with a statement in flight: it may or may not have committed
    /// (a write that was not acknowledged was not promised), so check, then retry.
    case connectionLost(address: String)
    /// The server sent something this client cannot read.
    case protocolError(String)
    /// The server wants an authentication method this client does not speak, or a password
    /// the endpoint does not carry.
    case unsupportedAuthentication(String)
    /// The owner refused the login (wrong password, unknown user) or failed to prove it knows
    /// the password: retrying with the same credentials cannot help.
    case authenticationFailed(address: String, reason: String)
    /// The coordinator was shut down.
    case shutDown

    /// Whether trying again (after the owner is back, or another took over) can succeed.
    public var isRetryable: Bool {
        switch self {
        case .ownerUnreachable, .connectionLost: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .ownerUnreachable(let address, let reason):
            "the database owner at \(address) does not answer (\(reason)); it has stopped — retry, and the file is opened or reached anew"
        case .connectionLost(let address):
            "the connection to the database owner at \(address) was lost with a statement in flight (it stopped or was killed); the statement was not acknowledged — retry it"
        case .protocolError(let message): "protocol error talking to the database owner: \(message)"
        case .unsupportedAuthentication(let method):
            "the server asks for \(method) authentication, which sharp's client cannot answer; give the password in --db-url (postgres://user:password@host:port/db) or use trust (loopback/Unix socket without a password)"
        case .authenticationFailed(let address, let reason):
            "the database owner at \(address) refused the login: \(reason); check the user and password in --db-url"
        case .shutDown: "the remote coordinator has shut down"
        }
    }
}
