/// An alert a sink could not deliver.
///
/// ```swift
/// catch let error as AlertDeliveryError { print(error.sink, error.message) }
/// ```
public struct AlertDeliveryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sink's name.
    public var sink: String
    /// What went wrong.
    public var message: String

    /// Creates an error.
    public init(sink: String, message: String) {
        self.sink = sink
        self.message = message
    }

    public var description: String { "\(sink): \(message)" }
}
