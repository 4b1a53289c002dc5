import DuckDBKit
import NIOSSL
import PostgresNIO

/// Errors of a ``RemoteCoordinator`` that are about reaching the database, not about the SQL
/// (SQL errors arrive as `DuckDBError`, as they would in process).
///
/// ```swift
/// do { try await remote.write("INSERT INTO t VALUES (1)") }
/// catch let error as RemoteCoordinatorError where error.isRetryable { /* the owner went away: try again */ }
/// ```
public enum RemoteCoordinatorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nobody answers at the address (the owner stopped, or never started). Nothing was sent.
    case ownerUnreachable(address: String, reason: String)
    /// The connection dropped with a statement in flight: it may or may not have committed
    /// (a write that was not acknowledged was not promised), so check, then retry.
    case connectionLost(address: String)
    /// The server sent something this client cannot read.
    case protocolError(String)
    /// The server wants an authentication method this client does not speak.
    case unsupportedAuthentication(String)
    /// The login was refused (wrong or missing password, unknown user); `reason` says which
    /// setting to give. Retrying with the same settings cannot help. (`sharp` exits 77.)
    case authenticationFailed(address: String, reason: String)
    /// TLS was required (`sslmode` require, verify-ca or verify-full) and could not be set up:
    /// the server does not offer it, or its certificate failed the check.
    case tlsFailed(address: String, reason: String)
    /// The coordinator was shut down.
    case shutDown
    /// The write committed (its key is in the ledger) but its result went with the lost
    /// connection: a transaction body's value cannot be had again. Not retryable: it did commit.
    case resultLost(String)

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
            "the database at \(address) does not answer (\(reason)); if it was a sharp owner it has stopped — retry, and the file is opened or reached anew"
        case .connectionLost(let address):
            "the connection to the database at \(address) was lost with a statement in flight (it stopped or was killed); the statement was not acknowledged — retry it"
        case .protocolError(let message): "protocol error talking to the database: \(message)"
        case .unsupportedAuthentication(let method):
            "the server asks for \(method) authentication, which sharp's client cannot answer (it speaks SCRAM-SHA-256, MD5 and cleartext passwords)"
        case .authenticationFailed(let address, let reason):
            "the database at \(address) refused the login: \(reason)"
        case .tlsFailed(let address, let reason):
            "TLS to \(address) failed: \(reason)"
        case .shutDown: "the remote coordinator has shut down"
        case .resultLost(let what): what
        }
    }
}

extension RemoteCoordinatorError {
    /// What a postgres-nio error means here. `sent` says whether a statement may have reached
    /// the server (a drop before that is `ownerUnreachable`, safe to run elsewhere).
    static func mapping(_ error: any Error, endpoint: RemoteEndpoint, sent: Bool, sql: String? = nil) -> any Error {
        if error is RemoteCoordinatorError || error is DuckDBError || error is CancellationError { return error }
        guard let psql = error as? PSQLError else {
            if let tls = error as? NIOSSLError {
                return RemoteCoordinatorError.tlsFailed(address: endpoint.description, reason: "\(tls)")
            }
            if error is NIOSSLExtraError || "\(type(of: error))".contains("BoringSSL") {
                return RemoteCoordinatorError.tlsFailed(address: endpoint.description, reason: "\(error)")
            }
            return sent ? RemoteCoordinatorError.connectionLost(address: endpoint.description)
                : RemoteCoordinatorError.ownerUnreachable(address: endpoint.description, reason: "\(error)")
        }
        let address = endpoint.description
        switch psql.code {
        case .server:
            let state = psql.serverInfo?[.sqlState] ?? ""
            let message = psql.serverInfo?[.message] ?? "\(psql)"
            if state == "28P01" || state == "28000" {
                return RemoteCoordinatorError.authenticationFailed(
                    address: address, reason: "\(state) \(message); \(endpoint.loginAdvice(passwordGiven: endpoint.password != nil))")
            }
            if state == "57P01" || state == "57P02" || state == "57P03" {
                // The owner is shutting down (or starting): nothing of this statement committed.
                return sent ? RemoteCoordinatorError.connectionLost(address: address)
                    : RemoteCoordinatorError.ownerUnreachable(address: address, reason: "\(state) \(message)")
            }
            if state == "53300" {
                return RemoteCoordinatorError.ownerUnreachable(address: address, reason: "\(state) \(message)")
            }
            return duckDBError(sqlState: state, message: message, sql: sql)
        case .authMechanismRequiresPassword:
            return RemoteCoordinatorError.authenticationFailed(
                address: address, reason: "it asks for a password and none was given; \(endpoint.loginAdvice(passwordGiven: false))")
        case .unsupportedAuthMechanism:
            return RemoteCoordinatorError.unsupportedAuthentication("\(psql.underlying.map { "\($0)" } ?? "this")")
        case .saslError:
            return RemoteCoordinatorError.authenticationFailed(
                address: address, reason: "the SCRAM exchange failed (\(psql.underlying.map { "\($0)" } ?? "no detail")); \(endpoint.loginAdvice(passwordGiven: true))")
        case .sslUnsupported:
            return RemoteCoordinatorError.tlsFailed(
                address: address, reason: "the server does not offer TLS and sslmode=\(endpoint.sslMode.rawValue) requires it (start `sharp serve` with --tls-cert and --tls-key, or use sslmode=prefer)")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return RemoteCoordinatorError.tlsFailed(address: address, reason: "\(psql.underlying.map { "\($0)" } ?? "\(psql.code)")")
        case .queryCancelled:
            return DuckDBError(.interrupted, message: "the statement was cancelled", sql: sql)
        case .messageDecodingFailure, .unexpectedBackendMessage, .invalidCommandTag:
            return RemoteCoordinatorError.protocolError("\(psql.code): \(psql.underlying.map { "\($0)" } ?? "")")
        case .tooManyParameters:
            return DuckDBError(.other, message: "more than 65535 parameters in one statement", sql: sql)
        default:
            if let underlying = psql.underlying, underlying is NIOSSLError || "\(type(of: underlying))".contains("SSL") {
                return RemoteCoordinatorError.tlsFailed(address: address, reason: "\(underlying)")
            }
            // serverClosedConnection, connectionError, uncleanShutdown, clientClosedConnection, …
            return sent ? RemoteCoordinatorError.connectionLost(address: address)
                : RemoteCoordinatorError.ownerUnreachable(address: address, reason: "\(psql.underlying.map { "\($0)" } ?? "\(psql.code)")")
        }
    }

    /// The server's error as the `DuckDBError` the in-process coordinator would have thrown.
    static func duckDBError(sqlState: String, message: String, sql: String?) -> DuckDBError {
        let classified = DuckDBError(message: message, sql: sql)
        guard classified.kind == .other else { return classified }
        let kind: DuckDBError.Kind = switch sqlState {
        case "42601": .syntax
        case "42P01", "42703", "42883", "42704": .catalog
        case let state where state.hasPrefix("23"): .constraint
        case let state where state.hasPrefix("22"): .conversion
        case "57014": .interrupted
        case "40001", "40P01": .transactionConflict
        default: .other
        }
        return DuckDBError(kind, message: message, sql: sql)
    }
}
