/// Prints each alert's ``Alert/text`` as one line (to standard output unless told otherwise).
///
/// ```swift
/// let console = ConsoleAlertSink()
/// try await console.deliver(Alert(signal))
/// ```
public struct ConsoleAlertSink: AlertSink {
    private let write: @Sendable (String) -> Void

    /// A sink that hands each line to `write` (default: `print`).
    public init(write: @escaping @Sendable (String) -> Void = { print($0) }) { self.write = write }

    public var name: String { "console" }

    public func deliver(_ alert: Alert) async throws { write(alert.text) }
}
