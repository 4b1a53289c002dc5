/// Why a pre-game stage failed on its own terms (database and fetch errors pass through as they are).
///
/// ```swift
/// if case .everyFeedFailed(let errors) = error as? PreGameWorkflowError { errors.forEach { print($0) } }
/// ```
public enum PreGameWorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No feed delivered anything usable: there is nothing new to detect on.
    case everyFeedFailed([String])

    /// A one-line description.
    public var description: String {
        switch self {
        case .everyFeedFailed(let errors):
            "every feed failed: " + errors.joined(separator: "; ")
        }
    }
}
