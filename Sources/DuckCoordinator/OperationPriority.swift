/// How urgently a write must reach the database.
///
/// CRITICAL writes flush their batch at once; within a batch, higher priorities run first and
/// equal priorities run in arrival order. Waiting writes age upward, so LOW cannot starve.
/// ```swift
/// try await coordinator.write("INSERT INTO pre_game_signals VALUES (?, ?)", [game, side], priority: .critical)
/// ```
public enum OperationPriority: Int, Sendable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case low = 0, normal = 1, high = 2, critical = 3

    public static func < (a: OperationPriority, b: OperationPriority) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .low: "LOW"
        case .normal: "NORMAL"
        case .high: "HIGH"
        case .critical: "CRITICAL"
        }
    }
}
