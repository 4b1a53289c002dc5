/// How far a differential is past its source's thresholds (see ``StrengthThresholds``).
///
/// ```swift
/// StrengthLevel.strong > .moderate   // true
/// ```
public enum StrengthLevel: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Past the signal threshold.
    case signal
    /// Past the moderate threshold.
    case moderate
    /// Past the strong threshold.
    case strong

    private var rank: Int {
        switch self {
        case .signal: 0
        case .moderate: 1
        case .strong: 2
        }
    }

    public static func < (lhs: StrengthLevel, rhs: StrengthLevel) -> Bool { lhs.rank < rhs.rank }
}
