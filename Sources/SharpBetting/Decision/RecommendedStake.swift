/// The stake recommended on one signal: the fractional Kelly stake for a BET (0 for a PASS),
/// with the flat stake shown beside it. Grading (``SignalGrader``) uses ``amount``, so the
/// report's profit is what following its own advice made.
///
/// ```swift
/// let stake = StakeSizing(bankroll: 1000).stake(for: decision)   // a BET at +138, fair 43.28%
/// stake.amount        // 5.43
/// stake.description   // "stake $5.43 (¼ Kelly; flat $10.00)"
/// ```
public struct RecommendedStake: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What to stake, in dollars: fractional Kelly for a bet, 0 for a pass.
    public var amount: Double
    /// The flat stake (a fixed share of the bankroll), for comparison.
    public var flat: Double
    /// The share of full Kelly ``amount`` was sized with.
    public var kellyFraction: Double

    /// Creates a stake.
    public init(amount: Double, flat: Double, kellyFraction: Double) {
        self.amount = amount
        self.flat = flat
        self.kellyFraction = kellyFraction
    }

    /// `¼ Kelly`, `½ Kelly`, `full Kelly`, `0.3× Kelly`.
    public var kellyName: String { Self.kellyName(fraction: kellyFraction) }

    /// The name of a share of full Kelly: `¼ Kelly` for 0.25.
    public static func kellyName(fraction kellyFraction: Double) -> String {
        switch kellyFraction {
        case 0.25: "¼ Kelly"
        case 0.5: "½ Kelly"
        case 1: "full Kelly"
        default: "\(NumberText.plain(kellyFraction))× Kelly"
        }
    }

    /// `stake $5.43 (¼ Kelly; flat $10.00)`.
    public var description: String {
        "stake \(ReportText.money(amount)) (\(kellyName); flat \(ReportText.money(flat)))"
    }
}
