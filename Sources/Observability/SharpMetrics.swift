import CoreMetrics
import Metrics
import Prometheus

/// The process's Prometheus registry, and swift-metrics bootstrapped to write into it, so every
/// module's `Timer`/`Recorder`/`Counter`/`Gauge` (`sharp_batch_rows`, `sharp_write_latency_seconds`,
/// …) lands beside the gauges ``StatsSampler`` sets.
///
/// ```swift
/// let registry = SharpMetrics.bootstrap()
/// print(registry.emitToString())   // Prometheus text format
/// ```
/// Contract: swift-metrics takes one backend per process; every call returns the same registry
/// and bootstraps once. Latency histograms use buckets from 100 µs to 10 s, `sharp_batch_rows`
/// from 1 to 50,000 rows.
public enum SharpMetrics {
    /// The registry `/metrics` renders.
    public static let registry = PrometheusCollectorRegistry()

    private static let once = OnceFlag()

    /// Buckets of the latency histograms, in seconds.
    public static let latencyBuckets: [Duration] = [
        .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .microseconds(2_500),
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    /// Buckets of `sharp_batch_rows`.
    public static let batchRowBuckets: [Double] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 50_000]

    /// Bootstraps swift-metrics with Prometheus (once) and returns the registry.
    @discardableResult
    public static func bootstrap() -> PrometheusCollectorRegistry {
        if once.claim() {
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = latencyBuckets
            factory.valueHistogramBuckets = ["sharp_batch_rows": batchRowBuckets]
            MetricsSystem.bootstrap(factory)
        }
        return registry
    }
}
