/// Durations of individual operations, and their percentiles.
///
/// ```swift
/// var samples = LatencySamples()
/// samples.record(nanoseconds: 1_500_000)
/// samples.percentile(0.99)   // 1.5 (milliseconds)
/// ```
public struct LatencySamples: Sendable {
    private var nanoseconds: [UInt64] = []

    /// An empty set.
    public init() {}

    /// Adds one duration.
    public mutating func record(nanoseconds value: UInt64) { nanoseconds.append(value) }

    /// Adds every sample of `other`.
    public mutating func merge(_ other: LatencySamples) { nanoseconds += other.nanoseconds }

    /// Samples recorded.
    public var count: Int { nanoseconds.count }

    /// The sum of all samples, in milliseconds.
    public var totalMilliseconds: Double { Double(nanoseconds.reduce(0, +)) / 1_000_000 }

    /// The `q` quantile (nearest rank) in milliseconds, or nil when there are no samples.
    public func percentile(_ q: Double) -> Double? {
        guard !nanoseconds.isEmpty else { return nil }
        let sorted = nanoseconds.sorted()
        let rank = min(sorted.count - 1, max(0, Int((Double(sorted.count) * q).rounded(.up)) - 1))
        return Double(sorted[rank]) / 1_000_000
    }
}
