import DuckCoordinator
import Foundation

/// The JSON of `sharp db status --json` and of the dashboard's `/api/stats`: the stats'
/// own keys (`write_queue_size`, `rows_written`, …) plus `healthy`, and any extra fields.
///
/// ```swift
/// let data = try StatsJSON.encode(await db.stats(), healthy: await db.isHealthy())
/// ```
/// Contract: keys sorted; the stats' fields keep ``CoordinatorStats``'s coding keys, so both
/// outputs and `/metrics` (sampled from the same `stats()`) name the same numbers.
public enum StatsJSON {
    public static func encode(_ stats: CoordinatorStats, healthy: Bool?, extra: [String: Any] = [:]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(stats)) as! [String: Any]
        if let healthy { object["healthy"] = healthy }
        for (key, value) in extra { object[key] = value }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
