/// One group of a backtest's bets: a rule, a source, a market, a threshold band of the rule's
/// strength and a timing bucket (minutes from the signal's snapshot to first pitch). ``all``
/// in a field rolls that field up (`rule all, source all, market moneyline` is every moneyline bet).
///
/// ```swift
/// StrategyBucket.band(forStrength: 22)         // "20-25"
/// StrategyBucket.timing(minutesBeforeFirstPitch: 8)   // "0-15m"
/// StrategyBucket(rule: "steam", source: StrategyBucket.all, market: "moneyline",
///                band: StrategyBucket.all, timing: StrategyBucket.all).isRuleRollup   // true
/// ```
public struct StrategyBucket: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The word of a rolled-up field.
    public static let all = "all"

    /// A ``DetectionRule`` raw value, or ``all``.
    public var rule: String
    /// A source (`vsin`, `sbd`, `pinnacle`), or ``all``.
    public var source: String
    /// A ``Market`` raw value, or ``all``.
    public var market: String
    /// A strength band (`15-20`), or ``all``.
    public var band: String
    /// A timing bucket (`15-30m`), or ``all``.
    public var timing: String

    /// Creates a bucket.
    public init(rule: String, source: String, market: String, band: String, timing: String) {
        self.rule = rule
        self.source = source
        self.market = market
        self.band = band
        self.timing = timing
    }

    /// The bands of strength (`|d|` or the rule's equivalent), by DOMAIN.md's thresholds.
    public static func band(forStrength strength: Double) -> String {
        switch strength {
        case ..<15: "<15"
        case ..<20: "15-20"
        case ..<25: "20-25"
        case ..<30: "25-30"
        default: "30+"
        }
    }

    /// The timing buckets, by minutes from the signal's snapshot to first pitch.
    public static func timing(minutesBeforeFirstPitch minutes: Double?) -> String {
        guard let minutes else { return "unknown" }
        switch minutes {
        case ..<15: return "0-15m"
        case ..<30: return "15-30m"
        case ..<60: return "30-60m"
        default: return "60m+"
        }
    }

    /// A rule's record over every source, band and timing of one market (or of all markets):
    /// what confidence reads.
    public var isRuleRollup: Bool {
        rule != Self.all && source == Self.all && band == Self.all && timing == Self.all
    }

    /// `steam · vsin · moneyline · 20-25 · 0-15m`.
    public var description: String { [rule, source, market, band, timing].joined(separator: " · ") }

    /// Rolled-up rows first, then by field.
    public static func < (lhs: StrategyBucket, rhs: StrategyBucket) -> Bool {
        func key(_ b: StrategyBucket) -> [String] {
            [b.rule, b.source, b.market, b.band, b.timing].map { $0 == all ? "\u{0}" : $0 }
        }
        return key(lhs).lexicographicallyPrecedes(key(rhs))
    }
}
