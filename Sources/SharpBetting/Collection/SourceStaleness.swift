import Foundation

/// How old a feed's own timestamps were when we captured it: for every split that carries a
/// source time (SBD's per-market `updated`), the age `captured − updated`.
///
/// The pre-game window is decided on capture time, so stale source times do not drop a feed;
/// this tells the bettor how current the numbers behind a signal really are.
///
/// ```swift
/// let staleness = SourceStaleness(splits)                 // nil when no split has a source time
/// print(staleness?.description ?? "no source times")      // "source time 2–65 min old at capture (median 12)"
/// ```
public struct SourceStaleness: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Splits with a source time.
    public var count: Int
    /// The median age, in seconds.
    public var medianSeconds: Double
    /// The oldest age, in seconds.
    public var maxSeconds: Double
    /// The youngest age, in seconds.
    public var minSeconds: Double

    /// The staleness of `splits`, or nil when none carries a source time. A source time after
    /// the capture (clock skew) counts as age 0.
    public init?(_ splits: [Split]) {
        let ages = splits.compactMap { split in split.sourceUpdatedAt.map { max(0, split.capturedAt.timeIntervalSince($0)) } }
            .sorted()
        guard !ages.isEmpty else { return nil }
        count = ages.count
        minSeconds = ages[0]
        maxSeconds = ages[ages.count - 1]
        medianSeconds = ages.count % 2 == 1 ? ages[ages.count / 2] : (ages[ages.count / 2 - 1] + ages[ages.count / 2]) / 2
    }

    /// `source time 2–65 min old at capture (median 12)`.
    public var description: String {
        func minutes(_ seconds: Double) -> String { String(Int((seconds / 60).rounded())) }
        return "source time \(minutes(minSeconds))–\(minutes(maxSeconds)) min old at capture (median \(minutes(medianSeconds)))"
    }
}
