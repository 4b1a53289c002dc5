import Foundation

/// What a bettor is told about a signal: the game, its start in New York time, the pick, the
/// confidence, and why.
///
/// ```swift
/// let alert = Alert(signal)
/// print(alert.text)
/// // SHARP PICK NYM ML +130 | PHI@NYM Tue Jun 17, 7:10 PM ET | confidence 78.9 (high) | why: …
/// ```
public struct Alert: Sendable, Hashable, Codable {
    /// The signal's id.
    public var signalId: String
    /// The game key.
    public var gameKey: String
    /// `AWAY@HOME`.
    public var matchup: String
    /// The market.
    public var market: Market
    /// The side.
    public var side: SharpSide
    /// The pick, e.g. `NYM ML +130`.
    public var pick: String
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
    /// The best price known for the pick, Pinnacle's no-vig probability and the edge, when known.
    public var pricing: SignalPricing?

    /// The alert for `signal`.
    public init(_ signal: SharpSignal, pricing: SignalPricing? = nil) {
        self.pricing = pricing
        signalId = signal.id
        gameKey = signal.game.gameKey
        matchup = signal.game.matchup
        market = signal.market
        side = signal.side
        pick = signal.pick
        startTime = signal.game.firstPitch
        startTimeEastern = signal.game.firstPitch.map(EasternTime.dayAndClock) ?? "time unknown"
        confidence = signal.confidence.value
        confidenceLabel = signal.confidence.label
        rules = signal.rules
        why = signal.hits.map(\.detail).joined(separator: "; ")
    }

    /// One line for a console or a chat message.
    public var text: String {
        "SHARP PICK \(pick) | \(matchup) \(startTimeEastern) | confidence \(NumberText.plain(confidence)) "
            + "(\(confidenceLabel))" + (pricing.map { " | \($0)" } ?? "") + " | why: \(why)"
    }
}
