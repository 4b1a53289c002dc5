import Foundation

/// One measured line of a benchmark: a workload (and variant) run in one mode.
///
/// Encoded as one JSON object per line with the keys of PERFORMANCE.md:
/// ```swift
/// let line = BenchmarkResult(workload: "bulk", mode: .optimized, operations: 2_000_000, seconds: 2.1,
///                            rssMegabytes: 410)
/// print(line.jsonLine())   // {"workload":"bulk","mode":"optimized","ops_per_s":952380.9,...}
/// ```
public struct BenchmarkResult: Sendable, Equatable {
    /// The workload, e.g. `bulk`.
    public var workload: String
    /// A sub-case of the workload (e.g. `autocommit`, `readers=4`), or nil.
    public var variant: String?
    /// Which path ran.
    public var mode: BenchmarkMode
    /// Operations (or rows, for row workloads) completed.
    public var operations: Int
    /// Wall time of the measured part, in seconds.
    public var seconds: Double
    /// Median latency of one operation, when operations are timed one by one.
    public var p50Milliseconds: Double?
    /// 99th percentile latency of one operation.
    public var p99Milliseconds: Double?
    /// 99th percentile latency of the CRITICAL operations (storm).
    public var criticalP99Milliseconds: Double?
    /// This mode's throughput over the raw baseline's, measured in the same run.
    public var ratio: Double?
    /// Peak resident memory of the process while this mode ran, in MB.
    public var rssMegabytes: Double
    /// Further figures, encoded as extra keys (e.g. `read_p99_ms`).
    public var extra: [(key: String, value: Double?)]

    /// A result; `ratio` is filled in by `BenchmarkReport`.
    public init(workload: String, variant: String? = nil, mode: BenchmarkMode, operations: Int, seconds: Double,
                p50Milliseconds: Double? = nil, p99Milliseconds: Double? = nil,
                criticalP99Milliseconds: Double? = nil, rssMegabytes: Double,
                extra: [(key: String, value: Double?)] = []) {
        self.workload = workload
        self.variant = variant
        self.mode = mode
        self.operations = operations
        self.seconds = seconds
        self.p50Milliseconds = p50Milliseconds
        self.p99Milliseconds = p99Milliseconds
        self.criticalP99Milliseconds = criticalP99Milliseconds
        self.rssMegabytes = rssMegabytes
        self.extra = extra
    }

    /// Operations (or rows) per second.
    public var opsPerSecond: Double { seconds > 0 ? Double(operations) / seconds : 0 }

    /// The line as one JSON object (keys in a fixed order; `null` where a figure does not apply).
    public func jsonLine() -> String {
        func number(_ value: Double?) -> String {
            guard let value, value.isFinite else { return "null" }
            return String(format: "%.4f", value)
        }
        func string(_ value: String) -> String {
            var escaped = ""
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
                default: escaped.unicodeScalars.append(scalar)
                }
            }
            return "\"\(escaped)\""
        }
        var fields: [(String, String)] = [
            ("workload", string(workload)),
            ("variant", variant.map(string) ?? "null"),
            ("mode", string(mode.rawValue)),
            ("ops_per_s", number(opsPerSecond)),
            ("p50_ms", number(p50Milliseconds)),
            ("p99_ms", number(p99Milliseconds)),
            ("critical_p99_ms", number(criticalP99Milliseconds)),
            ("baseline", string(BenchmarkMode.raw.rawValue)),
            ("ratio", number(ratio)),
            ("rss_mb", number(rssMegabytes)),
            ("operations", String(operations)),
            ("seconds", number(seconds)),
        ]
        for (key, value) in extra { fields.append((key, number(value))) }
        return "{" + fields.map { "\(string($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    public static func == (a: BenchmarkResult, b: BenchmarkResult) -> Bool { a.jsonLine() == b.jsonLine() }
}
