/// Why a detection could not run.
///
/// ```swift
/// do { _ = try await SharpDetector().detect(db, gameDate: day) }
/// catch let error as DetectionError { print(error) }
/// ```
public enum DetectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stored split row could not be read as a split (unknown team code, market, date).
    case badRow(gameKey: String, reason: String)

    public var description: String {
        switch self {
        case .badRow(let gameKey, let reason): "bad split row for game \(gameKey): \(reason)"
        }
    }
}
