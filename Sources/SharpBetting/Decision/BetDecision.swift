/// What to do with a signal at the prices known now: **BET** or **PASS**, the best price and
/// where it is offered, and the **break-even price** — the worst price still worth taking.
///
/// Pinnacle, the sharpest book, is the judge: its two prices at the pick's line, with the
/// margin removed, give the side's fair probability `p`. A price is worth taking when its edge
/// `p · decimal(price) − 1` is at least ``minimumEdge`` (`--min-edge`, 0 by default); the
/// break-even price is the worst whole price that does (``AmericanPrice/breakEven(probability:minimumEdge:)``).
/// The call is BET when the best known price is at least that good, else PASS. Without a fair
/// probability (Pinnacle does not list the pick's line) or without any price, it is PASS: there
/// is nothing to judge the bet by.
///
/// ```swift
/// let pricing = SignalPricing(best: QuotedPrice(price: 130, source: "splits"), fairProbability: 0.4328)
/// let decision = BetDecision(pricing: pricing, minimumEdge: 0)
/// decision.call             // .pass
/// decision.breakEvenPrice   // 132
/// decision.summary(bet: "NYM ML")
/// // "PASS NYM ML · +132 or better · now +130 (splits) · edge -0.5%"
/// ```
public struct BetDecision: Sendable, Hashable, Codable {
    /// Bet or pass.
    public enum Call: String, Sendable, Hashable, Codable, CaseIterable {
        /// The best price is at least the break-even price.
        case bet = "BET"
        /// It is not, or there is nothing to judge it by.
        case pass = "PASS"
    }

    /// Bet or pass.
    public var call: Call
    /// The best price known for the side, and where (nil: none known).
    public var best: QuotedPrice?
    /// Pinnacle's no-vig probability of the side at the pick's line (nil: not listed).
    public var fairProbability: Double?
    /// The smallest edge worth a bet (0.02: 2%).
    public var minimumEdge: Double
    /// The worst American price with at least ``minimumEdge`` (nil without a fair probability).
    public var breakEvenPrice: Double?

    /// Decides from `pricing` with `minimumEdge`.
    public init(pricing: SignalPricing, minimumEdge: Double = 0) {
        best = pricing.best
        fairProbability = pricing.fairProbability
        self.minimumEdge = minimumEdge
        breakEvenPrice = pricing.fairProbability.flatMap { AmericanPrice.breakEven(probability: $0, minimumEdge: minimumEdge) }
        if let best, let breakEvenPrice, AmericanPrice.cents(best.price) >= AmericanPrice.cents(breakEvenPrice) {
            call = .bet
        } else {
            call = .pass
        }
    }

    /// Whether to bet.
    public var isBet: Bool { call == .bet }

    /// The pricing it was decided from.
    public var pricing: SignalPricing { SignalPricing(best: best, fairProbability: fairProbability) }

    /// The edge of the best price over the fair probability (nil when either is unknown).
    public var edge: Double? { pricing.edge }

    /// Why it is a pass, in words; nil for a bet.
    public var passReason: String? {
        guard call == .pass else { return nil }
        if fairProbability == nil { return "no Pinnacle price at this line to judge it by" }
        guard let best, let breakEvenPrice else { return "no price known" }
        return "\(NumberText.signed(best.price)) is worse than the break-even \(NumberText.signed(breakEvenPrice))"
    }

    /// One line that leads with the call: `BET NYM ML · +132 or better · now +138 (sbd:caesars) ·
    /// edge +3.0%`, `PASS NYM ML · +132 or better · now +130 (splits) · edge -0.5%`,
    /// `PASS NYM +1.5 · no Pinnacle price at this line to judge it by · now -175 (sbd:betmgm)`.
    /// `bet` is the pick without a price (``SharpSignal/bet``); `stake`, for a bet, is appended.
    public func summary(bet: String, stake: RecommendedStake? = nil) -> String {
        var parts = ["\(call.rawValue) \(bet)"]
        if let breakEvenPrice {
            parts.append("\(NumberText.signed(breakEvenPrice)) or better" + (minimumEdge > 0 ? " (edge ≥ \(Self.percent(minimumEdge)))" : ""))
        } else {
            parts.append(passReason ?? "")
        }
        parts.append(best.map { "now \(NumberText.signed($0.price)) (\($0.source))" } ?? "no price known")
        if let edge { parts.append("edge \(Self.percent(edge, signed: true))") }
        if isBet, let stake { parts.append(stake.description) }
        return parts.joined(separator: " · ")
    }

    /// `+3.0%`, `-0.5%`, `2.0%`.
    static func percent(_ value: Double, signed: Bool = false) -> String {
        String(format: signed ? "%+.1f%%" : "%.1f%%", (value * 1000).rounded() / 10)
    }
}
