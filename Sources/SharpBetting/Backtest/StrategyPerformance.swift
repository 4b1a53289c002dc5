import Foundation

/// The record of one ``StrategyBucket`` over a backtest: bets, wins-losses-pushes, hit rate with
/// its Wilson interval, flat-unit ROI at the prices actually known at signal time, the
/// fractional Kelly result of the signals that were bets (in units: one unit = the flat stake,
/// 1% of the bankroll), and the average closing-line value with its 95% interval. A row of
/// `strategy_performance`.
///
/// ```swift
/// let record = StrategyPerformance(bucket: bucket, bets: bets)   // graded, sized with StakeSizing.units()
/// print(record.wins, record.losses, record.hitRate ?? 0, record.interval.low, record.roi ?? 0)
/// print(record.kellyROI ?? 0, record.averageCLV ?? 0, record.clvInterval?.low ?? 0)
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
    /// Units risked on wins and losses, one a bet.
    public var staked: Double
    /// Net profit in units at the bets' prices.
    public var profit: Double
    /// Wins over wins + losses (nil without any).
    public var hitRate: Double?
    /// The 95% Wilson interval of the hit rate.
    public var interval: WilsonInterval
    /// Profit over staked (nil without any settled bet).
    public var roi: Double?
    /// Units risked at fractional Kelly on the signals whose call was BET (passes stake nothing).
    public var kellyStaked: Double
    /// Their net profit, in units.
    public var kellyProfit: Double
    /// Average closing-line value in probability points over the bets that have one.
    public var averageCLV: Double?
    /// The 95% interval of ``averageCLV`` (mean ± 1.96 standard errors; nil under two values).
    public var clvInterval: ClosedRange<Double>?
    /// Bets with a closing-line value.
    public var clvBets: Int
    /// Bets graded at the assumed −110 because no price was known (see ``SignalGrader``).
    public var assumedPriceBets: Int

    /// The record of `bets` in `bucket`; Kelly figures from each bet's ``GradedSignal/stake``.
    public init(bucket: StrategyBucket, bets graded: [GradedSignal]) {
        let settled = graded.filter { $0.result == .win || $0.result == .loss || $0.result == .push }
        let wins = settled.filter { $0.result == .win }.count
        let losses = settled.filter { $0.result == .loss }.count
        let clvs = settled.compactMap(\.closingLineValue)
        self.init(bucket: bucket, bets: settled.count, wins: wins, losses: losses, pushes: settled.count - wins - losses,
                  profit: settled.map(\.units).reduce(0, +),
                  kellyStaked: settled.filter { $0.result != .push }.compactMap(\.stake?.amount).reduce(0, +),
                  kellyProfit: settled.compactMap(\.stakeProfit).reduce(0, +),
                  averageCLV: clvs.isEmpty ? nil : clvs.reduce(0, +) / Double(clvs.count),
                  clvInterval: Self.meanInterval(clvs), clvBets: clvs.count,
                  assumedPriceBets: settled.filter { $0.priceSource == SignalGrader.assumedSource }.count)
    }

    /// A record from its counts (as stored).
    public init(bucket: StrategyBucket, bets: Int, wins: Int, losses: Int, pushes: Int, profit: Double,
                kellyStaked: Double = 0, kellyProfit: Double = 0, averageCLV: Double?, clvInterval: ClosedRange<Double>? = nil,
                clvBets: Int, assumedPriceBets: Int) {
        self.bucket = bucket
        self.bets = bets
        self.wins = wins
        self.losses = losses
        self.pushes = pushes
        self.profit = profit
        self.kellyStaked = kellyStaked
        self.kellyProfit = kellyProfit
        self.averageCLV = averageCLV
        self.clvInterval = clvInterval
        self.clvBets = clvBets
        self.assumedPriceBets = assumedPriceBets
        staked = Double(wins + losses)
        hitRate = wins + losses == 0 ? nil : Double(wins) / Double(wins + losses)
        interval = WilsonInterval(wins: wins, trials: wins + losses)
        roi = staked == 0 ? nil : profit / staked
    }

    /// The Kelly stakes' profit over what they risked (nil when nothing was staked).
    public var kellyROI: Double? { kellyStaked > 0 ? kellyProfit / kellyStaked : nil }

    /// Mean ± 1.96 standard errors of `values` (nil under two values).
    static func meanInterval(_ values: [Double]) -> ClosedRange<Double>? {
        guard values.count >= 2 else { return nil }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        let half = 1.96 * (variance / n).squareRoot()
        return (mean - half)...(mean + half)
    }
}
