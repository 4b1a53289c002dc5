import Foundation

/// What one detection run found: the signals to act on, the book conflicts (no signal), and
/// the signals filtered out.
///
/// ```swift
/// let result = try await SharpDetector(config: .preGame).detect(db, gameDate: day, asOf: Date())
/// try await SignalStore(db).save(result.signals)
/// print(result.signals.count, "signals,", result.conflicts.count, "conflicts")
/// ```
public struct DetectionResult: Sendable, Hashable, Codable {
    /// The slate day.
    public var gameDate: SlateDate
    /// The reference time: the `asOf` asked for, or the newest snapshot used.
    public var referenceTime: Date?
    /// Signals, most confident first.
    public var signals: [SharpSignal]
    /// Markets where books disagree (no signal).
    public var conflicts: [BookConflict]
    /// Markets where rules point at both sides (no signal).
    public var ruleConflicts: [RuleConflict]
    /// Signals that fired but are not recommended.
    public var filtered: [FilteredSignal]

    /// Creates a result.
    public init(gameDate: SlateDate, referenceTime: Date?, signals: [SharpSignal], conflicts: [BookConflict],
                filtered: [FilteredSignal], ruleConflicts: [RuleConflict] = []) {
        self.gameDate = gameDate
        self.referenceTime = referenceTime
        self.signals = signals
        self.conflicts = conflicts
        self.ruleConflicts = ruleConflicts
        self.filtered = filtered
    }
}
