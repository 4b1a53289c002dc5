import DuckCoordinator
import DuckDBKit
import DuckRemote
import SharpBetting

/// `sharp`'s exit statuses (the BSD `sysexits.h` numbers), listed in `sharp --help` and the
/// README. Only a usage mistake (bad option, bad argument) prints the usage text; every other
/// failure prints `Error: <message>` and one of these.
///
/// ```swift
/// ExitStatus(classifying: DuckDBError(.lockConflict, message: "…"))  // .unavailable (69)
/// ```
enum ExitStatus: Int32, CaseIterable {
    /// Any other failure.
    case failure = 1
    /// The command line is wrong (ArgumentParser's ValidationError, with the usage text).
    case usage = 64
    /// The input or the SQL is wrong: a payload that does not parse, SQL DuckDB refuses, a
    /// constraint, a bad bulk insert.
    case data = 65
    /// A file to read is missing or is not a database DuckDB can open.
    case noInput = 66
    /// Something the command needs is not there: another process holds the database, DuckDB
    /// is not installed, the coordinator has shut down, the owner went away mid-call.
    case unavailable = 69
    /// An I/O error while working (disk full, write failed).
    case ioError = 74
    /// Try again later: the write queue is full, a lock or a connection timed out.
    case temporaryFailure = 75
    /// Not allowed: the server refused the login (wrong or missing password, unknown user), or
    /// the user's role refuses the statement (SQLSTATE 42501).
    case noPermission = 77
    /// The configuration (preset, ConnectionConfig) is invalid.
    case config = 78
    /// Ctrl-C (SIGINT) stopped a command that runs to an end (not a long-running one) before it
    /// finished: 128 + SIGINT, as a shell reports it.
    case interrupted = 130
    /// SIGTERM stopped a command that runs to an end before it finished: 128 + SIGTERM.
    case terminated = 143

    /// The status for an error thrown out of a command, or nil when ArgumentParser's own
    /// handling applies (usage errors, help, `ExitCode`).
    init?(classifying error: any Error) {
        switch error {
        case let failure as CommandFailure: self = failure.status
        case let stopped as InterruptedCommand: self = stopped.status
        case let error as DuckDBError:
            switch error.kind {
            case .lockConflict, .libraryNotFound, .symbolMissing, .closed: self = .unavailable
            case .open: self = .noInput
            case .syntax, .catalog, .binder, .conversion, .constraint, .typeMismatch, .transactionConflict: self = .data
            case .interrupted: self = .temporaryFailure
            case .other: self = .ioError
            }
        case let error as CoordinatorError:
            switch error {
            case .queueFull, .connectionTimeout, .lockTimeout, .probeTimeout: self = .temporaryFailure
            case .shutDown: self = .unavailable
            case .invalidConfig: self = .config
            case .invalidBulkInsert: self = .data
            }
        case let error as RemoteCoordinatorError:
            switch error {
            case .authenticationFailed, .unsupportedAuthentication: self = .noPermission
            case .ownerUnreachable, .connectionLost, .shutDown, .tlsFailed, .resultLost: self = .unavailable
            case .protocolError: self = .failure
            }
        case is RemoteEndpointError: self = .config
        case is ParseError: self = .data
        default: return nil
        }
    }

    /// The table printed at the end of `sharp --help` (one paragraph: ArgumentParser wraps it).
    static let helpText = """
        Exit status: 0 success, 1 other failure, 64 usage (wrong options or arguments; prints usage), \
        65 bad data or SQL, 66 a file cannot be opened (the database, an input), 69 unavailable (the \
        file is held by a process that is not a sharp owner, the owner went away, the port is taken, \
        DuckDB missing), 74 I/O error (disk full), 75 try again (queue full, timeout), 77 not allowed \
        (login refused: wrong or missing password, unknown user; the role refuses the statement), 78 \
        bad configuration. Ctrl-C or SIGTERM stops a long-running command (collect, monitor, pregame \
        schedule, db monitor, serve, dashboard) after its current step: 0 once it has stopped \
        cleanly. Any other command stopped that way before it finished keeps what it had committed, \
        leaves nothing half-written, and exits 130 (Ctrl-C) or 143 (SIGTERM).
        """
}
