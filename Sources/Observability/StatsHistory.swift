import DuckCoordinator
import Foundation
import Synchronization

/// The last two minutes of stats, one point a second, kept by the endpoint so a freshly opened
/// dashboard draws its charts at once (`/api/history`) instead of starting empty.
///
/// ```swift
/// let history = StatsHistory(limit: 120)
/// history.append(await db.stats(), at: Date().timeIntervalSince1970)
/// let json = history.json()   // [{"time":…,"write_queue_size":0,"rows_written":41,…}, …]
/// ```
/// Contract: at most `limit` points, oldest first; appending is one lock and a copy of a few numbers.
public final class StatsHistory: Sendable {
    public struct Point: Sendable, Codable, Equatable {
        public var time: Double
        public var writeQueueSize: Int
        public var rowsWritten: Int
        public var writesTotal: Int
        public var readsTotal: Int
        public var writeLatencyMs: LatencySummary?

        enum CodingKeys: String, CodingKey {
            case time, writeQueueSize = "write_queue_size", rowsWritten = "rows_written", writesTotal = "writes_total"
            case readsTotal = "reads_total", writeLatencyMs = "write_latency_ms"
        }
    }

    public let limit: Int
    private let points = Mutex<[Point]>([])

    public init(limit: Int = 120) { self.limit = max(1, limit) }

    public func append(_ stats: CoordinatorStats, at time: Double) {
        let point = Point(time: time, writeQueueSize: stats.writeQueueSize, rowsWritten: stats.rowsWritten,
                          writesTotal: stats.writesTotal, readsTotal: stats.readsTotal, writeLatencyMs: stats.writeLatencyMs)
        points.withLock { points in
            points.append(point)
            if points.count > limit { points.removeFirst(points.count - limit) }
        }
    }

    public var all: [Point] { points.withLock { $0 } }

    public func json() -> Data { (try? JSONEncoder().encode(all)) ?? Data("[]".utf8) }
}
