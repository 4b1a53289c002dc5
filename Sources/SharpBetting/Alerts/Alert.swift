import Foundation

/// What a bettor is told about a signal, leading with the call: BET or PASS at the prices known
/// now, the worst price still worth taking and the best one on offer (and, for a bet sized from a
/// bankroll, the stake); then the game, its start in New York time, the confidence, and why.
///
/// ```swift
/// let alert = Alert(signal, sizing: StakeSizing(bankroll: 1000))
/// print(alert.text)
/// // BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0% · stake $5.43 (¼ Kelly; flat $10.00)
/// //   | PHI@NYM Tue Jun 17, 7:10 PM ET | confidence 79.6 (high) | why: …
/// ```
public struct Alert: Sendable, Hashable, Codable {
    /// The signal's id.
    public var signalId: String
    /// The game key.
    public var gameKey: String
    /// The slate day of the game.
    public var gameDate: SlateDate
    /// `AWAY@HOME`.
    public var matchup: String
    /// The market.
    public var market: Market
    /// The side.
    public var side: SharpSide
    /// The pick, e.g. `NYM ML +130`.
    public var pick: String
    /// The bet without a price, e.g. `NYM ML`.
    public var bet: String
    /// First pitch (UTC), when known.
    public var startTime: Date?
    /// First pitch in America/New_York, e.g. `Tue Jun 17, 7:10 PM ET` (`time unknown` without one).
    public var startTimeEastern: String
    /// Confidence 0–100.
    public var confidence: Double
    /// Confidence in words.
    public var confidenceLabel: ConfidenceLabel
    /// The rules that fired.
    public var rules: [DetectionRule]
    /// Why: each rule's evidence.
    public var why: String
    /// BET or PASS, the best price and the break-even price (nil for a signal without one).
    public var decision: BetDecision?
    /// The recommended stake, when the sender sizes stakes from a bankroll.
    public var stake: RecommendedStake?

    /// The alert for `signal`; with `sizing`, a bet's stake is in it.
    public init(_ signal: SharpSignal, sizing: StakeSizing? = nil) {
        signalId = signal.id
        gameKey = signal.game.gameKey
        gameDate = signal.game.gameDate
        matchup = signal.game.matchup
        market = signal.market
        side = signal.side
        pick = signal.pick
        bet = signal.bet
        startTime = signal.game.firstPitch
        startTimeEastern = signal.game.firstPitch.map(EasternTime.dayAndClock) ?? "time unknown"
        confidence = signal.confidence.value
        confidenceLabel = signal.confidence.label
        rules = signal.rules
        why = signal.hits.map(\.detail).joined(separator: "; ")
        decision = signal.decision
        if let sizing, let decision = signal.decision { stake = sizing.stake(for: decision) }
    }

    /// The call and prices: `BET NYM ML · +132 or better · now +138 (sbd:caesars) · edge +3.0%`,
    /// or `SHARP PICK NYM ML +130` for a signal without a decision.
    public var headline: String {
        decision?.summary(bet: bet, stake: stake) ?? "SHARP PICK \(pick)"
    }

    /// One line for a console or a chat message.
    public var text: String {
        "\(headline) | \(matchup) \(startTimeEastern) | confidence \(NumberText.plain(confidence)) "
            + "(\(confidenceLabel)) | why: \(why)"
    }
}
