/// One rule firing for one side of one market: which books showed it, how strong it is, and a
/// phrase saying so.
///
/// ```swift
/// let hit = RuleHit(rule: .steam, origins: [circa, dk], strength: 26, level: nil,
///                   detail: "steam: d ≥ 20 at VSIN circa and VSIN dk within 10 min, 70 min before first pitch")
/// ```
public struct RuleHit: Sendable, Hashable, Codable {
    /// The rule.
    public var rule: DetectionRule
    /// The books that showed it.
    public var origins: [SplitOrigin]
    /// Its strength on the `|d|` scale (what the signal part of confidence reads).
    public var strength: Double
    /// The strength level, for the differential rule.
    public var level: StrengthLevel?
    /// A phrase a bettor can read.
    public var detail: String

    /// Creates a hit.
    public init(rule: DetectionRule, origins: [SplitOrigin], strength: Double, level: StrengthLevel?, detail: String) {
        self.rule = rule
        self.origins = origins
        self.strength = strength
        self.level = level
        self.detail = detail
    }
}
