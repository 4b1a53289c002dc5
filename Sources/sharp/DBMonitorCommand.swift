import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation

struct DBMonitorCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Print the coordinator's stats every interval; warn on queue growth, report failed health checks.",
        discussion: """
            The migration guide's db_performance_monitor. One line per interval (or one JSON object with \
            --json). Warns above --warn-queue queued writes, critical above --critical-queue, error when \
            the health probe fails. Ctrl-C or SIGTERM stops it cleanly. Exit status 1 if any sample was an \
            error.

            Examples:
              sharp db monitor --interval 5          # until Ctrl-C
              sharp db monitor --interval 1 --count 3 --json
            """
    )

    @OptionGroup var metrics: MetricsArguments
    @Option(name: .long, help: "Seconds between samples.") var interval: Double = 30
    @Option(name: .customLong("warn-queue"), help: "Warn above this many queued writes.") var warnQueue = 5_000
    @Option(name: .customLong("critical-queue"), help: "Critical above this many queued writes.") var criticalQueue = 8_000
    @Option(name: .long, help: "Stop after this many samples (default: until Ctrl-C).") var count: Int?
    @Flag(name: .long, help: "One JSON object per line.") var json = false

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func validate() throws {
        guard interval > 0 else { throw ValidationError("--interval must be > 0 seconds") }
        guard warnQueue <= criticalQueue else { throw ValidationError("--warn-queue must not exceed --critical-queue") }
    }

    func run() async throws {
        let db = try await database.open(announceServing: true)
        let monitor = DatabaseMonitor(coordinator: db, interval: interval, warnQueue: warnQueue, criticalQueue: criticalQueue)
        let (count, json) = (self.count, self.json)
        let sawError = try await db.closing(metrics) {
            try await InterruptSignal.run {
                var sawError = false
                for await sample in monitor.samples(limit: count) {
                    if sample.level == .error { sawError = true }
                    Self.emit(sample, json: json)
                }
                return sawError
            }
        } ?? false
        if sawError { throw ExitCode(1) }
    }

    private static func emit(_ sample: DatabaseMonitor.Sample, json: Bool) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            if let data = try? encoder.encode(sample) { print(String(decoding: data, as: UTF8.self)) }
        } else {
            let s = sample.stats
            let time = ISO8601DateFormatter().string(from: sample.time)
            let write = s.writeLatencyMs.map { "write p99 \(format($0.p99)) ms" } ?? "write p99 -"
            let read = s.readLatencyMs.map { "read p99 \(format($0.p99)) ms" } ?? "read p99 -"
            print("\(time) [\(sample.level.rawValue.uppercased())] \(s.mode.rawValue) \(s.status.rawValue) "
                  + "queue \(s.writeQueueSize) (hw \(s.writeQueueHighWater)) reads \(s.readsTotal) writes \(s.writesTotal) "
                  + "\(read) \(write)")
            for message in sample.messages {
                StandardError.print("\(sample.level == .error ? "error" : "warning"): \(message)")
            }
        }
    }
}
