/// Wins, losses and money for a group of signals (the day's bets, its passes, one rule, one
/// source): in **units** (one unit staked on every settled signal) and, when graded with a
/// bankroll, at the **recommended stakes** (fractional Kelly on bets, nothing on passes).
///
/// ```swift
/// let record = ReportRecord(name: "steam", graded: steamSignals)
/// print(record.hitRate ?? 0, record.units, record.roi ?? 0)   // 0.667 0.63 0.21
/// print(record.stakeProfit ?? 0)                              // dollars, with a bankroll
/// ```
public struct ReportRecord: Sendable, Hashable, Codable {
    /// What the group is (`bets`, `passes`, a rule, a source).
    public var name: String
    /// Signals in the group.
    public var signals: Int
    /// Won bets.
    public var wins: Int
    /// Lost bets.
    public var losses: Int
    /// Pushes.
    public var pushes: Int
    /// Not settled yet (or ungradable).
    public var pending: Int
    /// Units risked on settled signals (one each; pushes are refunded and not counted).
    public var staked: Double
    /// Net profit in units.
    public var units: Double
    /// The recommended stakes risked on settled signals, in dollars (nil without a bankroll).
    public var stakedAmount: Double?
    /// Net profit of the recommended stakes, in dollars (nil without a bankroll).
    public var stakeProfit: Double?

    /// The record of `graded`.
    public init(name: String, graded: [GradedSignal]) {
        self.name = name
        signals = graded.count
        wins = graded.filter { $0.result == .win }.count
        losses = graded.filter { $0.result == .loss }.count
        pushes = graded.filter { $0.result == .push }.count
        pending = graded.filter { $0.result == .pending || $0.result == .ungradable }.count
        staked = Double(wins + losses)
        units = graded.map(\.units).reduce(0, +)
        if !graded.isEmpty, graded.allSatisfy({ $0.stake != nil }) {
            stakedAmount = graded.filter { $0.result.isSettled }.compactMap(\.stake?.amount).reduce(0, +)
            stakeProfit = graded.compactMap(\.stakeProfit).reduce(0, +)
        }
    }

    /// Wins over settled bets, 0…1 (nil before any settles).
    public var hitRate: Double? { wins + losses == 0 ? nil : Double(wins) / Double(wins + losses) }

    /// Flat-unit profit over units staked, as a fraction (0.1 = +10%; nil before any settles).
    public var roi: Double? { staked == 0 ? nil : units / staked }

    /// The recommended stakes' profit over what they risked (nil without a bankroll or a stake).
    public var stakeROI: Double? {
        guard let stakedAmount, let stakeProfit, stakedAmount > 0 else { return nil }
        return stakeProfit / stakedAmount
    }
}
