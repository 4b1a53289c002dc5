/// A signal that fired but is not recommended, and why (e.g. the juice filter).
///
/// ```swift
/// for dropped in result.filtered { print(dropped.signal.pick, "—", dropped.reason) }
/// ```
public struct FilteredSignal: Sendable, Hashable, Codable {
    /// The signal as it would have been.
    public var signal: SharpSignal
    /// Why it is not recommended.
    public var reason: String

    /// Creates a filtered signal.
    public init(signal: SharpSignal, reason: String) {
        self.signal = signal
        self.reason = reason
    }
}
