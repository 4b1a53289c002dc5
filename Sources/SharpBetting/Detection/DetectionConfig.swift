/// Every threshold and weight of sharp detection, with DOMAIN.md's defaults.
///
/// ```swift
/// var config = DetectionConfig.preGame          // only snapshots ≤ 45 min before first pitch
/// config.sourceThresholds["vsin"] = StrengthThresholds(signal: 18, moderate: 22, strong: 28)
/// config.worstFavouritePrice = -150
/// let result = try await SharpDetector(config: config).detect(db, gameDate: day)
/// ```
public struct DetectionConfig: Sendable, Hashable {
    // MARK: Which snapshots

    /// Only snapshots taken at most this many minutes before first pitch count (nil: all of
    /// the day's). The pre-game workflow uses 45.
    public var snapshotWindowMinutes: Double? = nil
    /// Snapshots taken after first pitch (live markets) are ignored.
    public var excludeSnapshotsAfterFirstPitch = true

    // MARK: Differential and book conflict

    /// `|d|` from which a split has a sharp side (the ingest flag); books that name different
    /// sides at this level are a book conflict.
    public var flagThreshold: Double = 10
    /// Per-source strength thresholds on `|d|` (VSIN 15/20/25, SBD 20/25/30).
    public var sourceThresholds: [String: StrengthThresholds] = [
        "vsin": StrengthThresholds(signal: 15, moderate: 20, strong: 25),
        "sbd": StrengthThresholds(signal: 20, moderate: 25, strong: 30),
    ]
    /// Thresholds for a source not named in ``sourceThresholds``.
    public var defaultThresholds = StrengthThresholds(signal: 15, moderate: 20, strong: 25)

    // MARK: Public fade

    /// Average money share on one side that is heavy public money …
    public var publicFadeHeavyMoney: Double = 85
    /// … across at least this many books.
    public var publicFadeHeavyMinBooks = 2
    /// Or: an average money share at least this …
    public var publicFadeBroadMoney: Double = 75
    /// … with every book at least this …
    public var publicFadeBroadEveryBook: Double = 70
    /// … across at least this many books.
    public var publicFadeBroadMinBooks = 3
    /// A fade's strength is the public side's average money share minus this (85% → 20).
    public var publicFadeStrengthOffset: Double = 65

    // MARK: Reverse line movement

    /// Smallest move, in points, of a spread or total toward the side with fewer tickets.
    public var rlmPointMove: Double = 0.5
    /// Smallest move, in cents, of a moneyline toward the side with fewer tickets.
    public var rlmMoneylineCents: Double = 10
    /// The side with fewer tickets must hold less than this share of bets.
    public var rlmMaxBetsPct: Double = 40
    /// An RLM's strength is `|d|` of the book where it moved, but at least this.
    public var rlmMinimumStrength: Double = 15

    // MARK: Steam

    /// Smallest `|d|` that can be steam.
    public var steamDifferential: Double = 20
    /// Steam counts only this many minutes (or fewer) before first pitch.
    public var steamWindowMinutes: Double = 120
    /// Books that must show it …
    public var steamMinBooks = 2
    /// … within this many minutes of each other.
    public var steamSpreadMinutes: Double = 10

    // MARK: Opposing markets

    /// Which market an opposing-markets signal recommends (DOMAIN.md leaves it open; the
    /// moneyline is the deeper market).
    public var opposingMarketsFollow: Market = .moneyline

    // MARK: Juice filter

    /// Never recommend a moneyline favourite priced worse (more negative) than this.
    public var worstFavouritePrice: Double = -160

    // MARK: The decision

    /// The smallest edge over Pinnacle's no-vig probability worth a bet (0.02: 2%); a signal
    /// whose best price falls short is a PASS (``BetDecision``).
    public var minimumEdge: Double = 0

    // MARK: Confidence

    /// Weights of the five parts of confidence.
    public var confidenceWeights = ConfidenceWeights()
    /// The signal part as a function of strength.
    public var signalCurve = PiecewiseLinearCurve.signalStrength
    /// Reliability (0–100) by `source:book` or `source`.
    public var sourceReliability: [String: Double] = [
        "vsin:circa": 85, "vsin:dk": 75, "vsin": 75, "sbd": 65,
    ]
    /// Reliability of a source not in ``sourceReliability``.
    public var defaultSourceReliability: Double = 60
    /// Historical record (0–100) of each rule; 50 means no edge known yet.
    public var strategyRecord: [DetectionRule: Double] = [:]
    /// Record of a rule not in ``strategyRecord`` (nor in `strategy_performance`).
    public var defaultStrategyRecord: Double = 50
    /// Detection fills ``strategyRecord`` (for rules not set there) from the backtest's
    /// `strategy_performance` rows, through ``strategyRecordScale``.
    public var readsStoredStrategyRecord = true
    /// How a stored record becomes the 0–100 part (neutral prior 50, shrinkage by bets).
    public var strategyRecordScale = StrategyRecordScale()
    /// Emit only rules whose stored record has at least this many graded bets (nil: every rule)…
    public var minimumRecordBets: Int? = nil
    /// … and an ROI above this (0: positive).
    public var minimumRecordROI: Double = 0
    /// A snapshot at most this many minutes old is fully fresh …
    public var freshFullMinutes: Double = 5
    /// … and from this many minutes stale (0).
    public var staleMinutes: Double = 60
    /// A snapshot taken at most this many minutes before first pitch has full timing …
    public var timingFullMinutes: Double = 30
    /// … and from this many minutes, none.
    public var timingZeroMinutes: Double = 360
    /// Timing part when first pitch is unknown.
    public var unknownTimingScore: Double = 50
    /// Cut-offs of the confidence labels.
    public var labelThresholds = ConfidenceLabelThresholds()

    /// DOMAIN.md's defaults.
    public init() {}

    /// DOMAIN.md's defaults.
    public static let `default` = DetectionConfig()

    /// The pre-game workflow's: defaults, over snapshots taken ≤ 45 minutes before first pitch.
    public static let preGame: DetectionConfig = {
        var config = DetectionConfig()
        config.snapshotWindowMinutes = 45
        return config
    }()

    /// The thresholds of `source`.
    public func thresholds(for source: String) -> StrengthThresholds {
        sourceThresholds[source] ?? defaultThresholds
    }
}
