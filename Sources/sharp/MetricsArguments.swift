import ArgumentParser
import DuckCoordinator
import Foundation
import Observability
import SharpBetting

/// `--metrics-port PORT` of the long-running commands: serves `/metrics`, `/api/stats`,
/// `/api/slate` and the dashboard page on 127.0.0.1 while the command runs.
struct MetricsArguments: ParsableArguments {
    @Option(name: .customLong("metrics-port"), help: "Serve Prometheus /metrics and the live dashboard on 127.0.0.1:PORT while running (0 picks a free port).")
    var metricsPort: Int?

    /// Starts the endpoint when asked for; prints its address on standard error.
    func start(_ db: any DatabaseCoordinating, serverSessions: (@Sendable () -> Int)? = nil) async throws -> ObservabilityServer? {
        guard let metricsPort else { return nil }
        return try await ObservedDatabase.serve(db, port: metricsPort, serverSessions: serverSessions)
    }
}

/// The endpoint for one database: stats sampled into Prometheus, per-source staleness and
/// the slate read through the coordinator's reader pool.
enum ObservedDatabase {
    static func routes(_ db: any DatabaseCoordinating, date: SlateDate? = nil,
                       serverSessions: (@Sendable () -> Int)? = nil) -> ObservabilityRoutes {
        let warnings = StaleSourceWarnings()
        let sampler = StatsSampler(coordinator: db, registry: SharpMetrics.bootstrap()) {
            let sources = (try? await SourceFreshness.read(db, warnings: warnings)) ?? []
            return sources.map { (source: $0.source, seconds: $0.stalenessSeconds) }
        }
        return ObservabilityRoutes(
            sampler: sampler, dashboard: true,
            slate: {
                let board = (try? await SlateBoard.read(db, date: date)) ?? .empty
                return (try? JSONEncoder().encode(board)) ?? Data("{}".utf8)
            },
            sources: { (try? JSONEncoder().encode(try await SourceFreshness.read(db))) ?? Data("[]".utf8) },
            serverSessions: serverSessions)
    }

    static func serve(_ db: any DatabaseCoordinating, port: Int, date: SlateDate? = nil,
                      serverSessions: (@Sendable () -> Int)? = nil) async throws -> ObservabilityServer {
        do {
            let server = try await ObservabilityServer.start(routes: routes(db, date: date, serverSessions: serverSessions), port: port)
            StandardError.print("metrics on http://127.0.0.1:\(server.port)/metrics, dashboard on http://127.0.0.1:\(server.port)/")
            return server
        } catch {
            throw CommandFailure("cannot serve metrics on 127.0.0.1:\(port): \(error)")
        }
    }
}

extension DatabaseCoordinating {
    /// ``closing(_:)`` with the `--metrics-port` endpoint up while `body` runs.
    func closing<T>(_ metrics: MetricsArguments, _ body: () async throws -> T) async throws -> T {
        try await closing {
            let endpoint = try await metrics.start(self)
            do {
                let value = try await body()
                await endpoint?.stop()
                return value
            } catch {
                await endpoint?.stop()
                throw error
            }
        }
    }
}
