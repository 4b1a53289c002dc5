/// Wins, losses and money for a group of signals (the whole day, one rule, one source).
///
/// ```swift
/// let record = ReportRecord(name: "steam", graded: steamSignals)
/// print(record.hitRate ?? 0, record.roi ?? 0)   // 0.667 0.21…
/// ```
public struct ReportRecord: Sendable, Hashable, Codable {
    /// What the group is (`all`, a rule, a source).
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
    /// Money risked on settled bets ($100 each; pushes are refunded and not counted).
    public var staked: Double
    /// Net profit.
    public var profit: Double

    /// The record of `graded`.
    public init(name: String, graded: [GradedSignal]) {
        self.name = name
        signals = graded.count
        wins = graded.filter { $0.result == .win }.count
        losses = graded.filter { $0.result == .loss }.count
        pushes = graded.filter { $0.result == .push }.count
        pending = graded.filter { $0.result == .pending || $0.result == .ungradable }.count
        staked = Double(wins + losses) * SignalGrader.stake
        profit = graded.map(\.profit).reduce(0, +)
    }

    /// Wins over settled bets, 0…1 (nil before any settles).
    public var hitRate: Double? { wins + losses == 0 ? nil : Double(wins) / Double(wins + losses) }

    /// Profit over money staked, as a fraction (0.1 = +10%; nil before any settles): the
    /// profit per $100 staked is `100 · roi`.
    public var roi: Double? { staked == 0 ? nil : profit / staked }
}
