import ArgumentParser
import DuckCoordinator
import DuckRemote
import Foundation
import Observability

struct DBStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the coordinator's mode, path, config, stats and health.",
        discussion: "With --json, one JSON object with the migration guide's key names (read_pool_size, write_queue_size, status, …)."
    )

    @Flag(name: .long, help: "Print JSON.") var json = false

    @OptionGroup(title: "Storage options") var database: DatabaseArguments

    func run() async throws {
        let db = try await database.open()
        let healthy = await db.isHealthy()
        let stats = await db.stats()
        await db.shutdown()
        if json {
            print(String(decoding: try StatsJSON.encode(stats, healthy: healthy), as: UTF8.self))
            return
        }
        let c = stats.config
        print("mode       \(stats.mode.rawValue)")
        print("path       \(stats.path)")
        print("healthy    \(healthy ? "yes" : "NO")   status \(stats.status.rawValue)")
        print("config     preset \(database.preset ?? "production"): read_pool_size \(c.readPoolSize), write_batch_size \(c.writeBatchSize), "
              + "flush_policy \(c.flushPolicy.rawValue), "
              + (c.flushPolicy == .timer ? "write_batch_timeout \(c.writeBatchTimeout) s" : "commit_delay \(c.commitDelay) s")
              + ", max_queue_size \(c.maxQueueSize), connection_timeout \(c.connectionTimeout) s")
        print("queue      \(stats.writeQueueSize) waiting (high water \(stats.writeQueueHighWater))")
        print("totals     reads \(stats.readsTotal), writes \(stats.writesTotal), batches \(stats.batchesTotal), "
              + "failures \(stats.failuresTotal)")
        if let lock = stats.lockWaitMs { print("lock wait  p50 \(format(lock.p50)) ms, p99 \(format(lock.p99)) ms") }
    }
}

func format(_ value: Double) -> String { String(format: value < 10 ? "%.2f" : "%.1f", value) }
