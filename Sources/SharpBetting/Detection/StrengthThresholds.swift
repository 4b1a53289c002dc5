/// The `|d|` cut-offs of one source: at `signal` a split is a sharp signal, at `moderate` a
/// moderate one, at `strong` a strong one.
///
/// ```swift
/// let vsin = StrengthThresholds(signal: 15, moderate: 20, strong: 25)
/// vsin.level(for: 22)   // .moderate
/// vsin.level(for: 14)   // nil
/// ```
public struct StrengthThresholds: Sendable, Hashable, Codable {
    /// Smallest `|d|` that is a signal at all.
    public var signal: Double
    /// Smallest `|d|` that is a moderate signal.
    public var moderate: Double
    /// Smallest `|d|` that is a strong signal.
    public var strong: Double

    /// Creates thresholds; they should increase.
    public init(signal: Double, moderate: Double, strong: Double) {
        self.signal = signal
        self.moderate = moderate
        self.strong = strong
    }

    /// The level `|d|` reaches, or nil below `signal`.
    public func level(for differential: Double) -> StrengthLevel? {
        let size = abs(differential)
        if size >= strong { return .strong }
        if size >= moderate { return .moderate }
        if size >= signal { return .signal }
        return nil
    }
}
