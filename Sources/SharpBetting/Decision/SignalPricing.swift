/// What the market says about a signal's side: the best price known for it, Pinnacle's no-vig
/// probability (the sharpest book, its two prices normalised to sum to 1), and the **edge** of
/// the best price over that probability: `p · decimal(price) − 1`, the expected profit per unit
/// staked if Pinnacle's probability is right.
///
/// ```swift
/// let pricing = SignalPricing(best: QuotedPrice(price: 130, source: "splits"), fairProbability: 0.4733)
/// pricing.edge   // ≈ 0.0886 (+8.9%)
/// pricing.description   // "best +130 (splits), Pinnacle no-vig 47.3%, edge +8.9%"
/// ```
public struct SignalPricing: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The best price known for the side, if any.
    public var best: QuotedPrice?
    /// Pinnacle's no-vig probability of the side at the pick's line, if Pinnacle lists it.
    public var fairProbability: Double?

    /// Creates a pricing.
    public init(best: QuotedPrice?, fairProbability: Double?) {
        self.best = best
        self.fairProbability = fairProbability
    }

    /// `p · decimal(best) − 1`, when both are known.
    public var edge: Double? {
        guard let best, let p = fairProbability else { return nil }
        let decimal = best.price >= 100 ? 1 + best.price / 100 : 1 + 100 / abs(best.price)
        return p * decimal - 1
    }

    /// `best +130 (splits), Pinnacle no-vig 47.3%, edge +8.9%`; parts not known are left out.
    public var description: String {
        var parts: [String] = []
        if let best { parts.append("best \(NumberText.signed(best.price)) (\(best.source))") }
        if let p = fairProbability { parts.append("Pinnacle no-vig \(Self.percent(p))") }
        if let edge { parts.append("edge \(edge >= 0 ? "+" : "")\(Self.percent(edge))") }
        return parts.isEmpty ? "no price known" : parts.joined(separator: ", ")
    }

    private static func percent(_ value: Double) -> String {
        let tenths = (value * 1000).rounded() / 10
        return "\(NumberText.plain(tenths))%"
    }
}
