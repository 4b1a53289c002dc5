/// A stage ran past its timeout and was cancelled.
///
/// ```swift
/// do { _ = try await StageDeadline(timeout: .seconds(30)).run { try await collect() } }
/// catch let error as StageTimeoutError { print(error) }   // "stage did not finish within 30 seconds"
/// ```
public struct StageTimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The timeout that passed.
    public var timeout: Duration

    /// Creates the error.
    public init(timeout: Duration) { self.timeout = timeout }

    /// `stage did not finish within 30 seconds`.
    public var description: String { "stage did not finish within \(timeout)" }
}
