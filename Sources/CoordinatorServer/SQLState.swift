import DuckCoordinator
import DuckDBKit

/// The SQLSTATE code (and message) a client sees for an error the server met.
///
/// ```swift
/// SQLState.fields(for: DuckDBError(message: "Catalog Error: Table with name nope does not exist!"))
/// // sqlState "42P01"
/// ```
public enum SQLState {
    public static let syntaxError = "42601"
    public static let undefinedTable = "42P01"
    public static let undefinedColumn = "42703"
    public static let undefinedFunction = "42883"
    public static let uniqueViolation = "23505"
    public static let notNullViolation = "23502"
    public static let invalidText = "22P02"
    public static let tooManyConnections = "53300"
    public static let queryCanceled = "57014"
    public static let protocolViolation = "08P01"
    public static let invalidPassword = "28P01"
    public static let invalidAuthorization = "28000"
    public static let idleInTransactionTimeout = "25P03"
    public static let inFailedTransaction = "25P02"
    public static let featureNotSupported = "0A000"
    public static let adminShutdown = "57P01"
    public static let internalError = "XX000"
    public static let datatypeMismatch = "42804"
    public static let serializationFailure = "40001"
    public static let insufficientResources = "53000"
    public static let insufficientPrivilege = "42501"

    /// ErrorResponse fields for `error`.
    public static func fields(for error: any Error) -> BackendMessage.ErrorFields {
        switch error {
        case let error as DuckDBError:
            if let hint = privilegeHint(for: error) {
                return .init(sqlState: insufficientPrivilege, message: error.message, hint: hint)
            }
            return .init(sqlState: code(for: error), message: error.message)
        case let error as CoordinatorError:
            switch error {
            case .shutDown: return .init(severity: "FATAL", sqlState: adminShutdown, message: error.description)
            case .queueFull: return .init(sqlState: insufficientResources, message: error.description)
            default: return .init(sqlState: internalError, message: error.description)
            }
        case let error as ProtocolViolation:
            return .init(severity: "FATAL", sqlState: protocolViolation, message: error.description)
        case is CancellationError:
            return .init(sqlState: queryCanceled, message: "canceling statement due to user request")
        case let error as SessionError:
            return .init(sqlState: error.sqlState, message: error.message, hint: error.hint)
        default:
            return .init(sqlState: internalError, message: String(describing: error))
        }
    }

    /// What to tell a client DuckDB refused for its role: a read-only transaction (the read
    /// role) or the guard the server turned on (files, extensions, settings); nil otherwise.
    static func privilegeHint(for error: DuckDBError) -> String? {
        let message = error.message
        if message.contains("transaction is launched in read-only mode") {
            return "this login has the read role; writing needs the write role"
        }
        if message.hasPrefix("Permission Error") || message.contains("file system operations are disabled by configuration") {
            return "the server's files and extensions need the admin role; move data with COPY … FROM STDIN and COPY … TO STDOUT (psql's \\copy)"
        }
        if message.contains("the configuration has been locked") {
            return "the server's settings need the admin role"
        }
        return nil
    }

    static func code(for error: DuckDBError) -> String {
        if privilegeHint(for: error) != nil { return insufficientPrivilege }
        let message = error.message
        switch error.kind {
        case .syntax: return syntaxError
        case .catalog:
            if message.contains("Table with name") || message.contains("View with name")
                || message.contains("Table or view") { return undefinedTable }
            if message.contains("Function with name") || message.contains("function") { return undefinedFunction }
            if message.contains("column") { return undefinedColumn }
            return undefinedTable
        case .binder:
            if message.contains("Referenced column") || message.contains("column") { return undefinedColumn }
            if message.contains("Table") && message.contains("does not exist") { return undefinedTable }
            if message.contains("function") { return undefinedFunction }
            return datatypeMismatch
        case .constraint:
            if message.localizedLowercase.contains("not null") { return notNullViolation }
            return uniqueViolation
        case .conversion: return invalidText
        case .interrupted: return queryCanceled
        case .transactionConflict: return serializationFailure
        default:
            if message.hasPrefix("Parser Error") { return syntaxError }
            return internalError
        }
    }
}

/// An error the session itself raises, with its SQLSTATE.
public struct SessionError: Error, Sendable, CustomStringConvertible {
    public let sqlState: String
    public let message: String
    /// What the client can do about it (ErrorResponse's `H` field).
    public let hint: String?

    public init(_ sqlState: String, _ message: String, hint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.hint = hint
    }

    public var description: String { "\(message) (SQLSTATE \(sqlState))" }
}
