/// Percentiles over a window of the most recent samples. Not thread-safe: guard it.
struct LatencyRecorder {
    private var samples: [Double]
    private var next = 0
    private var filled = false

    init(window: Int = 8_192) { samples = [Double](repeating: 0, count: window) }

    mutating func record(milliseconds: Double) {
        samples[next] = milliseconds
        next += 1
        if next == samples.count { next = 0; filled = true }
    }

    var count: Int { filled ? samples.count : next }

    /// p50, p95 and p99 of the window (nil when empty).
    func summary() -> LatencySummary? {
        guard count > 0 else { return nil }
        let sorted = samples.prefix(count).sorted()
        func at(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] }
        return LatencySummary(p50: at(0.50), p95: at(0.95), p99: at(0.99), samples: sorted.count)
    }
}

/// Latency percentiles in milliseconds.
public struct LatencySummary: Sendable, Codable, Equatable {
    public var p50: Double
    public var p95: Double
    public var p99: Double
    /// How many samples the percentiles cover (the most recent ones).
    public var samples: Int
}
