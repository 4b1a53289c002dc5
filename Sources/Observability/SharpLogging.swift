import Logging

/// Process-wide logging set-up for the CLI: every module's logger writes through
/// ``SharpLogHandler`` to standard error at `level`, in `format`.
///
/// ```swift
/// SharpLogging.bootstrap(level: .debug, format: .json)   // once, before any logger is used
/// ```
/// Contract: swift-log allows one bootstrap per process; later calls do nothing.
public enum SharpLogging {
    /// The level a process logs at unless told otherwise: notices and worse.
    public static let defaultLevel = Logger.Level.notice

    private static let once = OnceFlag()

    /// Installs ``SharpLogHandler`` for every logger made from now on.
    public static func bootstrap(level: Logger.Level = defaultLevel, format: LogFormat = .text) {
        guard once.claim() else { return }
        LoggingSystem.bootstrap { label in SharpLogHandler(label: label, format: format, level: level) }
    }
}
