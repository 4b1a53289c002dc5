import Foundation

/// The record of one ``StrategyBucket`` over a backtest: bets, wins-losses-pushes, hit rate with
/// its Wilson interval, ROI at the prices actually known at signal time, and average closing-line
/// value. A row of `strategy_performance`.
///
/// ```swift
/// let record = StrategyPerformance(bucket: bucket, bets: bets)
/// print(record.wins, record.losses, record.hitRate ?? 0, record.interval.low, record.roi ?? 0)
/// ```
public struct StrategyPerformance: Sendable, Hashable, Codable {
    /// The group.
    public var bucket: StrategyBucket
    /// Graded bets (wins, losses and pushes).
    public var bets: Int
    /// Won bets.
    public var wins: Int
    /// Lost bets.
    public var losses: Int
    /// Pushes (stake returned; not in the hit rate).
    public var pushes: Int
    /// Money risked on wins and losses, $100 a bet.
    public var staked: Double
    /// Net profit at the bets' prices.
    public var profit: Double
    /// Wins over wins + losses (nil without any).
    public var hitRate: Double?
    /// The 95% Wilson interval of the hit rate.
    public var interval: WilsonInterval
    /// Profit over staked (nil without any settled bet).
    public var roi: Double?
    /// Average closing-line value in probability points over the bets that have one.
    public var averageCLV: Double?
    /// Bets with a closing-line value.
    public var clvBets: Int
    /// Bets graded at the assumed −110 because no price was known (see ``SignalGrader``).
    public var assumedPriceBets: Int

    /// The record of `bets` in `bucket`.
    public init(bucket: StrategyBucket, bets graded: [GradedSignal]) {
        let settled = graded.filter { $0.result == .win || $0.result == .loss || $0.result == .push }
        let wins = settled.filter { $0.result == .win }.count
        let losses = settled.filter { $0.result == .loss }.count
        let clvs = settled.compactMap(\.closingLineValue)
        self.init(bucket: bucket, bets: settled.count, wins: wins, losses: losses, pushes: settled.count - wins - losses,
                  profit: settled.map(\.profit).reduce(0, +),
                  averageCLV: clvs.isEmpty ? nil : clvs.reduce(0, +) / Double(clvs.count), clvBets: clvs.count,
                  assumedPriceBets: settled.filter { $0.priceSource == SignalGrader.assumedSource }.count)
    }

    /// A record from its counts (as stored).
    public init(bucket: StrategyBucket, bets: Int, wins: Int, losses: Int, pushes: Int, profit: Double,
                averageCLV: Double?, clvBets: Int, assumedPriceBets: Int) {
        self.bucket = bucket
        self.bets = bets
        self.wins = wins
        self.losses = losses
        self.pushes = pushes
        self.profit = profit
        self.averageCLV = averageCLV
        self.clvBets = clvBets
        self.assumedPriceBets = assumedPriceBets
        staked = Double(wins + losses) * SignalGrader.stake
        hitRate = wins + losses == 0 ? nil : Double(wins) / Double(wins + losses)
        interval = WilsonInterval(wins: wins, trials: wins + losses)
        roi = staked == 0 ? nil : profit / staked
    }
}
