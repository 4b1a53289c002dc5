/// A price offered for one side of a market, and where it was seen (`splits`, `sbd:betmgm`,
/// `pinnacle`); grading takes the best of a signal's quotes.
///
/// ```swift
/// let best = [QuotedPrice(price: -175, source: "sbd:betmgm"), QuotedPrice(price: -160, source: "pinnacle")]
///     .max { AmericanPrice.cents($0.price) < AmericanPrice.cents($1.price) }   // -160 at pinnacle
/// ```
public struct QuotedPrice: Sendable, Hashable, Codable {
    /// American price.
    public var price: Double
    /// Where it was offered.
    public var source: String

    /// A quote.
    public init(price: Double, source: String) {
        self.price = price
        self.source = source
    }
}
