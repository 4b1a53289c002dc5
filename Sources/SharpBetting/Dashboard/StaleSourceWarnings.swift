import Logging
import Synchronization

/// Logs `stale source` once when a source goes stale, and again only after it was fresh in
/// between, so a dashboard polling every second does not repeat the warning.
///
/// ```swift
/// let warnings = StaleSourceWarnings()
/// _ = try await SourceFreshness.read(db, warnings: warnings)   // warns for newly stale sources
/// ```
/// Contract: ``note(_:staleAfter:)`` returns the sources it warned about this time.
public final class StaleSourceWarnings: Sendable {
    private let stale = Mutex(Set<String>())

    public init() {}

    @discardableResult
    public func note(_ sources: [SourceFreshness], staleAfter seconds: Double) -> [String] {
        let newlyStale: [SourceFreshness] = stale.withLock { stale in
            var fresh: [SourceFreshness] = []
            for source in sources {
                if source.stalenessSeconds > seconds {
                    if stale.insert(source.source).inserted { fresh.append(source) }
                } else {
                    stale.remove(source.source)
                }
            }
            return fresh
        }
        for source in newlyStale {
            bettingLog.warning("stale source", metadata: [
                "operation": "freshness", "source": "\(source.source)", "staleness_s": "\(Int(source.stalenessSeconds))",
            ])
        }
        return newlyStale.map(\.source)
    }
}
