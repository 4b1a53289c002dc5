import ArgumentParser
import Benchmarks
import DuckCoordinator

/// Coordinator flags shared by the coordinator workloads.
struct BenchCoordinatorOptions: ParsableArguments {
    @Option(name: .long, help: "Coordinator modes to compare with raw, comma-separated (legacy, optimized).")
    var modes: String?

    @Option(name: .long, help: "ConnectionConfig preset (production, trading, analysis, pre-game-workflow, data-collector, sharp-monitor).")
    var preset: String?

    @Option(name: .long, help: "Override the preset's writeBatchSize.")
    var batchSize: Int?

    @Option(name: .long, help: "Override the preset's writeBatchTimeout (seconds; the timer policy's).")
    var batchTimeout: Double?

    @Option(name: .customLong("flush-policy"), help: "group-commit (default) or timer (the migration guide's batches).")
    var flushPolicy: FlushPolicy?

    @Option(name: .customLong("commit-delay"), help: "Group commit only: seconds the idle writer gathers writes first (default 0).")
    var commitDelay: Double?

    /// The modes asked for, or `defaults`.
    func modes(default defaults: [BenchmarkMode]) throws -> [BenchmarkMode] {
        guard let modes else { return defaults }
        do { return try BenchmarkMode.parseList(modes).filter { $0 != .raw } } catch let error as BenchmarkError {
            throw ValidationError(error.description)
        }
    }

    /// The preset asked for (or `defaultPreset`), with the overrides applied.
    func config(default defaultPreset: String) throws -> ConnectionConfig {
        let name = preset ?? defaultPreset
        guard var config = ConnectionConfig.presets[name] else {
            throw ValidationError("unknown preset \(name); known: \(ConnectionConfig.presets.keys.sorted().joined(separator: ", "))")
        }
        if let batchSize { config.writeBatchSize = batchSize }
        if let batchTimeout { config.writeBatchTimeout = batchTimeout }
        if let flushPolicy { config.flushPolicy = flushPolicy }
        if let commitDelay { config.commitDelay = commitDelay }
        if config.maxQueueSize < config.writeBatchSize { config.maxQueueSize = config.writeBatchSize }
        return config
    }
}
