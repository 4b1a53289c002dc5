import Foundation
import Logging
import Observability

/// BenchmarkProgress messages of long runs, on standard error (so `--json` output stays clean).
///
/// ```swift
/// let progress = BenchmarkProgress.standardError
/// progress.note("loading 2,000,000 rows")
/// ```
public struct BenchmarkProgress: Sendable {
    private let enabled: Bool

    /// Messages go to standard error.
    public static let standardError = BenchmarkProgress(enabled: true)
    /// Messages are dropped (tests).
    public static let silent = BenchmarkProgress(enabled: false)

    init(enabled: Bool) { self.enabled = enabled }

    /// A progress bar over `total` items (rate, ETA; plain lines when stderr is not a
    /// terminal), or nil when messages are dropped.
    public func bar(_ label: String, total: Int) -> ProgressBar? {
        enabled ? ProgressBar(label: label, total: total) : nil
    }

    /// Writes one line.
    public func note(_ message: String) {
        benchmarkLog.debug("\(message)", metadata: ["operation": "bench"])
        guard enabled else { return }
        FileHandle.standardError.write(Data("[bench] \(message)\n".utf8))
    }
}
