import DuckCoordinator
import DuckRemote
import Foundation
import SharpBetting
import ThrowawayPostgres

/// The `pregame` workload: the whole pre-game workflow (collect → detect → store → alert) over
/// simulated slates of 15 games, with each stage's wall time, plus the daily report — next to the
/// migration guide's table — on each engine asked for: the DuckDB file in this process (legacy,
/// optimized), the file through a sharp owner (`server`: `sharp serve` as its own process,
/// RemoteCoordinator over loopback TCP), and PostgreSQL (`postgres`: a throwaway cluster,
/// RemoteCoordinator).
///
/// There is no raw baseline for a whole workflow; each mode is compared with optimized (and
/// optimized with legacy) on the same slates.
/// ```swift
/// let report = try await PregameBenchmark(options: .init(days: 1)).run(progress: .silent)
/// print(report.table())
/// ```
public struct PregameBenchmark: Sendable {
    /// Scale of the run.
    public struct Options: Sendable {
        /// Simulator seed.
        public var seed: UInt64
        /// Simulated days of 15 games (162 ≈ a season).
        public var days: Int
        /// Workflow runs per day, on the day's last captures (3 ≈ T−30, T−15, T−5 style runs).
        public var runsPerDay: Int
        /// Coordinator modes: legacy, optimized, server, postgres.
        public var modes: [BenchmarkMode]
        /// The `sharp` executable that serves the file in `server` mode.
        public var serverExecutable: String?

        public init(seed: UInt64 = 7, days: Int = 1, runsPerDay: Int = 3, modes: [BenchmarkMode] = [.legacy, .optimized],
                    serverExecutable: String? = nil) {
            self.seed = seed
            self.days = days
            self.runsPerDay = runsPerDay
            self.modes = modes
            self.serverExecutable = serverExecutable
        }
    }

    /// The migration guide's "Expected Performance Improvements" table (seconds, before → after).
    public static let guideTable: [(service: String, current: String, optimized: String)] = [
        ("Pre-game Workflow", "105-220 s", "30-60 s"), ("Data Collection", "45-90 s", "15-30 s"),
        ("Sharp Monitoring", "10-15 s", "3-5 s"), ("Daily Reports", "30-60 s", "10-20 s"),
    ]

    public let options: Options
    public init(options: Options) { self.options = options }

    /// Runs the workload and returns one result per (stage, mode).
    public func run(progress: BenchmarkProgress) async throws -> BenchmarkReport {
        guard options.days > 0, options.runsPerDay > 0 else {
            throw BenchmarkError.invalidOption("--days and --runs-per-day must be > 0")
        }
        let folder = try BenchmarkFolder()
        defer { folder.remove() }
        var results: [BenchmarkResult] = []
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        for mode in options.modes where [.legacy, .optimized, .server, .postgres].contains(mode) {
            PeakMemory.reset()
            let samples = try await withCoordinator(mode, path: folder.databasePath("pregame-\(mode.rawValue)"), folder: folder,
                                                    progress: progress) { db in
                try await measure(db, mode: mode, progress: progress)
            }
            let memory = PeakMemory.megabytes()
            for variant in Self.variants {
                let stage = samples[variant] ?? LatencySamples()
                let seconds = stage.totalMilliseconds / 1_000
                var result = BenchmarkResult(
                    workload: "pregame", variant: variant, mode: mode, operations: stage.count, seconds: seconds,
                    p50Milliseconds: stage.percentile(0.5), p99Milliseconds: stage.percentile(0.99), rssMegabytes: memory,
                    extra: [("mean_ms", stage.count > 0 ? stage.totalMilliseconds / Double(stage.count) : nil)])
                result.extra.append(("legacy_over_optimized", nil))
                result.extra.append(("over_optimized", nil))
                results.append(result)
            }
        }
        // How many times longer each mode took than the file in process, stage by stage.
        for index in results.indices where results[index].mode != .optimized {
            let variant = results[index].variant
            if let optimized = results.first(where: { $0.mode == .optimized && $0.variant == variant }), optimized.seconds > 0 {
                results[index].extra = results[index].extra.map {
                    $0.key == "over_optimized" ? ($0.key, results[index].seconds / optimized.seconds) : $0
                }
            }
        }
        // How many times faster optimized ran each stage than legacy, on the same slates.
        for index in results.indices where results[index].mode == .optimized {
            let variant = results[index].variant
            if let legacy = results.first(where: { $0.mode == .legacy && $0.variant == variant }), results[index].seconds > 0 {
                results[index].extra = results[index].extra.map {
                    $0.key == "legacy_over_optimized" ? ($0.key, legacy.seconds / results[index].seconds) : $0
                }
            }
        }
        let guide = Self.guideTable.map { "\($0.service) \($0.current) → \($0.optimized)" }.joined(separator: "; ")
        return BenchmarkReport(workload: "pregame", notes: [
            "\(options.days) simulated day(s) of 15 games (seed \(options.seed)), \(options.runsPerDay) workflow runs per day on the day's last captures, alerts on the last; preset pre-game-workflow",
            "variants: collect, detect, store, alert = the workflow's stages; run = a whole workflow run; monitor = one sharp-monitor cycle's work (collect + detect); report = the daily report built and rendered to HTML, once per day",
            "no raw baseline for a workflow: legacy_over_optimized = legacy's total time / optimized's for the same work; over_optimized = this mode's total time / the file in process (optimized)",
            "server = the file through `sharp serve` (its own process, RemoteCoordinator over loopback TCP); postgres = a throwaway PostgreSQL cluster (RemoteCoordinator); load average at start \(load)",
            "migration guide's expectations (current → optimized): \(guide)",
        ], results: results)
    }

    static let variants = ["collect", "detect", "store", "alert", "run", "monitor", "report"]

    /// Runs `body` on the coordinator of `mode`, shutting everything it made down afterwards.
    private func withCoordinator<T: Sendable>(_ mode: BenchmarkMode, path: String, folder: BenchmarkFolder, progress: BenchmarkProgress,
                                              _ body: (any DatabaseCoordinating) async throws -> T) async throws -> T {
        switch mode {
        case .server:
            guard let executable = options.serverExecutable else {
                throw BenchmarkError.invalidOption("the server mode needs the sharp executable to serve the file")
            }
            progress.note("pregame server: starting sharp serve")
            let server = try await ServeProcess.start(executable: executable, path: path, in: folder.url)
            do {
                let value = try await Self.closing(try await RemoteCoordinator.connect(
                    to: RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: server.port), sslMode: .disable)), body)
                await server.stop()
                return value
            } catch {
                await server.stop()
                throw error
            }
        case .postgres:
            progress.note("pregame postgres: starting a throwaway PostgreSQL cluster")
            let cluster = try await PostgresCluster.started()
            do {
                let value = try await Self.closing(try await RemoteCoordinator.connect(to: RemoteEndpoint(
                    address: .tcp(host: "127.0.0.1", port: cluster.port), user: cluster.user, database: "postgres", sslMode: .disable)), body)
                await cluster.stopped()
                return value
            } catch {
                await cluster.stopped()
                throw error
            }
        default:
            return try await Self.closing(
                try DatabaseCoordinator(path: path, mode: mode == .legacy ? .legacy : .optimized, config: .preGameWorkflow), body)
        }
    }

    /// `body(db)`, then `db` shut down, whether `body` returned or threw.
    private static func closing<T: Sendable>(_ db: any DatabaseCoordinating,
                                             _ body: (any DatabaseCoordinating) async throws -> T) async throws -> T {
        let value: T
        do { value = try await body(db) } catch {
            await db.shutdown()
            throw error
        }
        await db.shutdown()
        return value
    }

    private func measure(_ db: some DatabaseCoordinating, mode: BenchmarkMode,
                         progress: BenchmarkProgress) async throws -> [String: LatencySamples] {
        var samples: [String: LatencySamples] = [:]
        try await SchemaMigrator().migrate(db)
        let service = PreGameWorkflowService(db: db, sinks: [])
        let simulator = SlateSimulator(seed: options.seed, games: options.days * SlateSimulator.gamesPerDay)
        for day in 0..<options.days {
            let slate = simulator.slate(day: day)
            let indices = Array(slate.captureTimes.indices.suffix(options.runsPerDay))
            for index in indices {
                let request = PreGameRunRequest(slateDate: slate.date, capturedAt: slate.captureTimes[index],
                                                alert: index == indices.last)
                let result = try await service.run(request, using: SimulatedFetcher(slate: slate, captureIndex: index))
                var monitor: Double = 0
                for stage in result.stages {
                    samples[stage.stage.rawValue, default: LatencySamples()].record(milliseconds: stage.milliseconds)
                    if stage.stage == .collect || stage.stage == .detect { monitor += stage.milliseconds }
                }
                samples["run", default: LatencySamples()].record(milliseconds: result.totalMilliseconds)
                samples["monitor", default: LatencySamples()].record(milliseconds: monitor)
            }
            let started = DispatchTime.now().uptimeNanoseconds
            let report = try await DailyReportService(db).report(for: slate.date)
            _ = ReportFormat.html.render(report)
            samples["report", default: LatencySamples()].record(nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
            progress.note("pregame \(mode.rawValue): day \(day + 1)/\(options.days)")
        }
        return samples
    }
}

extension LatencySamples {
    mutating func record(milliseconds: Double) { record(nanoseconds: UInt64(max(0, milliseconds) * 1_000_000)) }
}
