import DuckCoordinator
import Foundation
import Prometheus

/// The routes of the observability endpoint:
///
/// - `GET /metrics`: Prometheus text format, sampled from `stats()` at the request;
/// - `GET /api/stats`: the same moment's stats as JSON (``StatsJSON``) with `healthy`,
///   `sources` (staleness per source), `server_sessions` and `time`;
/// - `GET /api/history`: the last two minutes of stats, a point a second (``StatsHistory``);
/// - `GET /api/slate`: today's slate with its signals and prices (when a provider is given);
/// - `GET /` (and `/dashboard`): the live dashboard page (``DashboardPage``), when enabled.
///
/// ```swift
/// let routes = ObservabilityRoutes(sampler: StatsSampler(coordinator: db), dashboard: true)
/// let response = await routes.respond(to: "/metrics")
/// ```
/// Contract: every answer is computed without blocking a thread (stats are a lock read; the
/// providers read through the coordinator's reader pool); unknown paths get 404.
public struct ObservabilityRoutes: Sendable {
    public let sampler: StatsSampler
    public let registry: PrometheusCollectorRegistry
    public let dashboard: Bool
    /// Today's slate as JSON (`/api/slate`).
    public let slate: (@Sendable () async -> Data)?
    /// Each source's staleness (also fed to the sampler's gauges).
    public let sources: (@Sendable () async -> Data)?
    /// Sessions of a server in this process.
    public let serverSessions: (@Sendable () -> Int)?
    /// The recent stats `/api/history` serves (the server appends a point a second).
    public let history = StatsHistory()

    public init(sampler: StatsSampler, registry: PrometheusCollectorRegistry = SharpMetrics.registry, dashboard: Bool = false,
                slate: (@Sendable () async -> Data)? = nil, sources: (@Sendable () async -> Data)? = nil,
                serverSessions: (@Sendable () -> Int)? = nil) {
        self.sampler = sampler
        self.registry = registry
        self.dashboard = dashboard
        self.slate = slate
        self.sources = sources
        self.serverSessions = serverSessions
    }

    /// The answer to `GET uri`.
    public func respond(to uri: String) async -> HTTPResponse {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        switch path {
        case "/metrics":
            await sampler.sample()
            return HTTPResponse(contentType: "text/plain; version=0.0.4; charset=utf-8", body: registry.emitToBuffer())
        case "/api/stats":
            let stats = await sampler.sample()
            var extra: [String: Any] = ["time": Date().timeIntervalSince1970,
                                        "reader_pool_waiters": sampler.readerPoolWaiters]
            if let serverSessions { extra["server_sessions"] = serverSessions() }
            if let sources, let list = try? JSONSerialization.jsonObject(with: await sources()) { extra["sources"] = list }
            do {
                let body = try StatsJSON.encode(stats, healthy: stats.status != .stopped ? stats.status == .healthy : false,
                                                extra: extra)
                return HTTPResponse(contentType: "application/json", body: Array(body))
            } catch {
                return .text("cannot encode stats: \(error)", status: .internalServerError)
            }
        case "/api/history":
            return HTTPResponse(contentType: "application/json", body: Array(history.json()))
        case "/api/slate":
            guard let slate else { return .text("no slate here", status: .notFound) }
            return HTTPResponse(contentType: "application/json", body: Array(await slate()))
        case "/", "/dashboard":
            guard dashboard else {
                return .text("sharp metrics endpoint: /metrics, /api/stats\n")
            }
            return HTTPResponse(contentType: "text/html; charset=utf-8", body: Array(DashboardPage.html.utf8))
        default:
            return .text("not found: \(path)\n", status: .notFound)
        }
    }
}
