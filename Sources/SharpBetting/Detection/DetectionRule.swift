/// A detection rule of DOMAIN.md. Raw values are the words stored in `sharp_signals.rules`.
///
/// ```swift
/// DetectionRule.reverseLineMovement.rawValue   // "reverse_line_movement"
/// DetectionRule.steam.title                    // "steam"
/// ```
public enum DetectionRule: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// `|d|` past the source's signal threshold (VSIN 15, SBD 20 by default).
    case differential
    /// Moneyline and run-line sharp sides name different teams.
    case opposingMarkets = "opposing_markets"
    /// Heavy public money on one side: a signal on the other.
    case publicFade = "public_fade"
    /// The line moved toward the side with fewer tickets.
    case reverseLineMovement = "reverse_line_movement"
    /// A strong differential close to first pitch at several books at once.
    case steam

    /// A short human name.
    public var title: String {
        switch self {
        case .differential: "sharp differential"
        case .opposingMarkets: "opposing markets"
        case .publicFade: "public fade"
        case .reverseLineMovement: "reverse line movement"
        case .steam: "steam"
        }
    }

    public static func < (lhs: DetectionRule, rhs: DetectionRule) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
