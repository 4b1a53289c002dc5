import DuckDBKit

/// A short, stable name for an error's kind, the `kind` label of `sharp_write_failures_total`
/// and the `error_kind` field of a log line.
///
/// ```swift
/// ErrorKind.of(CoordinatorError.queueFull(limit: 10))          // "queue_full"
/// ErrorKind.of(DuckDBError(.constraint, message: "duplicate"))  // "constraint"
/// ```
/// Contract: the same kind of error always gives the same name; unknown errors give `other`.
public enum ErrorKind {
    /// The name of `error`'s kind.
    public static func of(_ error: Error) -> String {
        switch error {
        case let error as CoordinatorError:
            switch error {
            case .queueFull: "queue_full"
            case .shutDown: "shut_down"
            case .connectionTimeout: "connection_timeout"
            case .lockTimeout: "lock_timeout"
            case .invalidConfig: "invalid_config"
            case .invalidBulkInsert: "invalid_bulk_insert"
            case .probeTimeout: "probe_timeout"
            }
        case let error as DuckDBError: snakeCase(error.kind.rawValue)
        case is CancellationError: "cancelled"
        default: "other"
        }
    }

    private static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
