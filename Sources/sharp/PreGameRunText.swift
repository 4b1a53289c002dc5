import DuckCoordinator
import Foundation
import SharpBetting

/// How the pre-game commands print runs, signals and database stats.
enum PreGameRunText {
    /// `22:55:00Z slate  succeeded  collect 180 ms (157 rows) · detect 45 ms (3) · store 12 ms (3) · alert skipped`.
    static func run(_ result: PreGameRunResult) -> [String] {
        let time = ReplayCapture.folderName(for: result.request.capturedAt)
        var lines = ["\(time)  \(result.request.label)  \(result.status.rawValue.uppercased())  "
            + String(format: "%.0f ms", result.totalMilliseconds)]
        for stage in result.stages {
            var line = "    " + stage.stage.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                + stage.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            if stage.status != .skipped { line += String(format: "%7.0f ms", stage.milliseconds) }
            if let rows = stage.rows { line += "  rows \(rows)" }
            if let detail = stage.detail { line += "  " + detail }
            lines.append(line)
        }
        for alert in result.alerts { lines.append("    alert: " + alert.text) }
        return lines
    }

    /// The signals as a table, bets first, each leading with its call.
    static func signals(_ signals: [SharpSignal], sizing: StakeSizing? = nil) -> [String] {
        guard !signals.isEmpty else { return ["No sharp signals in the pre-game window."] }
        return DecisionTable.render(signals, sizing: sizing, columns: [("Books", { $0.origins.map(\.key).joined(separator: ",") })])
    }

    /// The coordinator's stats in a few lines.
    static func stats(_ stats: CoordinatorStats) -> [String] {
        func latency(_ summary: LatencySummary?) -> String {
            summary.map { String(format: "p50 %.1f ms, p95 %.1f ms (%d)", $0.p50, $0.p95, $0.samples) } ?? "–"
        }
        return [
            "Database \(stats.path) (\(stats.mode.rawValue), \(stats.status.rawValue))",
            "  reads \(stats.readsTotal), writes \(stats.writesTotal)"
                // A client of the file's owner counts its own statements, not the owner's batches.
                + (stats.batchesTotal > 0 ? " in " + counted(stats.batchesTotal, "batch", "batches") : "")
                + (stats.rowsWritten > 0 || stats.batchesTotal > 0 ? ", rows written \(stats.rowsWritten)" : "")
                + ", failures \(stats.failuresTotal)",
            "  write queue \(stats.writeQueueSize) (high-water \(stats.writeQueueHighWater)), read pool \(stats.readPoolSize)",
            "  read latency \(latency(stats.readLatencyMs)); write latency \(latency(stats.writeLatencyMs))",
        ]
    }
}
