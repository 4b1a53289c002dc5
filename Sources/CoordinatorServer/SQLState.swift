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

    /// ErrorResponse fields for `error`.
    public static func fields(for error: any Error) -> BackendMessage.ErrorFields {
        switch error {
        case let error as DuckDBError:
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
            return .init(sqlState: error.sqlState, message: error.message)
        default:
            return .init(sqlState: internalError, message: String(describing: error))
        }
    }

    static func code(for error: DuckDBError) -> String {
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

    public init(_ sqlState: String, _ message: String) {
        self.sqlState = sqlState
        self.message = message
    }

    public var description: String { "\(message) (SQLSTATE \(sqlState))" }
}
