import Foundation

/// A recommendation: one side of one market of one game, the rules that fired for it, the
/// evidence, how confident we are, and whether its price makes it a bet (``decision``).
///
/// ```swift
/// let result = try await SharpDetector().detect(db, gameDate: SlateDate("2025-06-17")!)
/// for signal in result.signals {
///     print(signal.game.matchup, signal.pick, signal.confidence.value, signal.confidence.label)
///     print(signal.explanation)
///     print(signal.decision?.summary(bet: signal.bet) ?? "")   // PASS NYM ML · +132 or better · now +130 (splits) · …
/// }
/// ```
public struct SharpSignal: Sendable, Hashable, Codable, Identifiable {
    /// Stable id from game, market, side and rules (``makeId(gameKey:market:side:rules:)``), so
    /// detecting the same thing again yields the same id.
    public var id: String
    /// The game.
    public var game: SignalGame
    /// The market.
    public var market: Market
    /// The side to back.
    public var side: SharpSide
    /// The pick as a bettor writes it, e.g. `NYM ML +130`, `ARI +1.5`, `Under 9`.
    public var pick: String
    /// Each rule that fired, with its evidence.
    public var hits: [RuleHit]
    /// The latest split of this market at every book (evidence, including books that did not fire).
    public var differentials: [BookDifferential]
    /// The strongest hit's strength (the input of the signal part of confidence).
    public var strength: Double
    /// The strongest level reached against the per-source thresholds, if the differential rule fired.
    public var level: StrengthLevel?
    /// How far the line has moved toward this side since the first snapshot (moneyline cents
    /// or points; negative: away from it), at the book where it moved most.
    public var lineMovement: Double?
    /// The side's handicap (spread) or the total (total) at the time, when known.
    public var line: Double?
    /// The side's best American price (moneyline), when known.
    public var price: Double?
    /// The confidence.
    public var confidence: ConfidenceScore
    /// One line a bettor can read: the pick and why.
    public var explanation: String
    /// The newest snapshot behind the signal.
    public var snapshotAt: Date
    /// When it was detected (the detection's reference time).
    public var detectedAt: Date
    /// BET or PASS at the prices known at detection, with the best price and the break-even
    /// price (``SharpDetector`` fills it in; nil for signals stored before decisions existed).
    public var decision: BetDecision?

    /// Creates a signal; ``SharpDetector`` builds them.
    public init(id: String, game: SignalGame, market: Market, side: SharpSide, pick: String,
                hits: [RuleHit], differentials: [BookDifferential], strength: Double, level: StrengthLevel?,
                lineMovement: Double?, line: Double?, price: Double?, confidence: ConfidenceScore,
                explanation: String, snapshotAt: Date, detectedAt: Date) {
        self.id = id
        self.game = game
        self.market = market
        self.side = side
        self.pick = pick
        self.hits = hits
        self.differentials = differentials
        self.strength = strength
        self.level = level
        self.lineMovement = lineMovement
        self.line = line
        self.price = price
        self.confidence = confidence
        self.explanation = explanation
        self.snapshotAt = snapshotAt
        self.detectedAt = detectedAt
    }

    /// The bet without a price, as a decision names it: `NYM ML`, `ARI +1.5`, `Under 9`.
    public var bet: String { SignalAssembler.pick(game: game, market: market, side: side, line: line, price: nil) }

    /// The rules that fired, in rule order, once each.
    public var rules: [DetectionRule] { Array(Set(hits.map(\.rule))).sorted() }

    /// The books that fired any rule.
    public var origins: [SplitOrigin] { Array(Set(hits.flatMap(\.origins))).sorted() }

    /// The sources that fired any rule (`vsin`, `sbd`).
    public var sources: [String] { Array(Set(origins.map(\.source))).sorted() }

    /// The differential with the largest size among the books, signed (positive: home/over).
    public var headlineDifferential: Double? {
        differentials.max { abs($0.differential) < abs($1.differential) }?.differential
    }

    /// `game:market:side:rule+rule`, e.g. `777003:moneyline:home:differential+steam`.
    public static func makeId(gameKey: String, market: Market, side: SharpSide, rules: [DetectionRule]) -> String {
        "\(gameKey):\(market.rawValue):\(side.rawValue):" + Array(Set(rules)).sorted().map(\.rawValue).joined(separator: "+")
    }
}
