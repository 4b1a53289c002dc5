import Foundation

/// The results of one workload run: every mode side by side, with ratios against the raw
/// baseline of the same run, printable as a table or as JSON lines.
///
/// ```swift
/// let report = try await BulkBenchmark(options).run(progress: .standardError)
/// print(report.table())
/// report.jsonLines().forEach { print($0) }
/// ```
public struct BenchmarkReport: Sendable {
    /// The workload's name.
    public let workload: String
    /// What was run, e.g. sizes and what the producers do; printed above the table.
    public let notes: [String]
    /// One result per (variant, mode), with `ratio` filled in.
    public let results: [BenchmarkResult]

    /// Builds a report; each result's ratio is its throughput over the raw result of the same
    /// variant (or the raw result without a variant), when there is one.
    public init(workload: String, notes: [String], results: [BenchmarkResult]) {
        self.workload = workload
        self.notes = notes
        self.results = results.map { result in
            var result = result
            let baseline = results.first { $0.mode == .raw && $0.variant == result.variant }
                ?? results.first { $0.mode == .raw && $0.variant == nil }
            if let baseline, baseline.opsPerSecond > 0 { result.ratio = result.opsPerSecond / baseline.opsPerSecond }
            return result
        }
    }

    /// One JSON object per line, one line per result.
    public func jsonLines() -> [String] { results.map { $0.jsonLine() } }

    /// A readable table: mode, throughput, p50/p99, ratio against raw, peak RSS.
    public func table() -> String {
        let hasCritical = results.contains { $0.criticalP99Milliseconds != nil }
        let extraKeys = results.flatMap { $0.extra.map(\.key) }.reduce(into: [String]()) { keys, key in
            if !keys.contains(key) { keys.append(key) }
        }
        var header = ["variant", "mode", "ops/s", "p50 ms", "p99 ms"]
        if hasCritical { header.append("CRIT p99 ms") }
        header += extraKeys
        // Reports without a raw baseline (the server's compares with in-process and PostgreSQL) have no × raw column.
        let hasRatio = results.contains { $0.ratio != nil }
        if hasRatio { header.append("× raw") }
        header.append("peak RSS MB")
        var rows: [[String]] = []
        for result in results {
            var row = [result.variant ?? "-", result.mode.rawValue, Self.format(result.opsPerSecond, digits: 0),
                       Self.format(result.p50Milliseconds), Self.format(result.p99Milliseconds)]
            if hasCritical { row.append(Self.format(result.criticalP99Milliseconds)) }
            for key in extraKeys {
                row.append(Self.format(result.extra.first { $0.key == key }?.value ?? nil))
            }
            if hasRatio { row.append(result.ratio.map { String(format: "%.2f", $0) } ?? "-") }
            row.append(Self.format(result.rssMegabytes, digits: 0))
            rows.append(row)
        }
        if results.allSatisfy({ $0.variant == nil }) {
            header.removeFirst()
            rows = rows.map { Array($0.dropFirst()) }
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let leftAligned = Set(header.indices.filter { ["variant", "mode"].contains(header[$0]) })
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                leftAligned.contains(i) ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
        var text = "\(workload)\n"
        for note in notes { text += "  \(note)\n" }
        text += line(header) + "\n"
        text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { text += line(row) + "\n" }
        return text
    }

    static func format(_ value: Double?, digits: Int = 2) -> String {
        guard let value, value.isFinite else { return "-" }
        if digits == 0 {
            guard value >= 1_000 else { return String(format: "%.1f", value) }
            var digits = String(Int(value.rounded()))
            var grouped = ""
            while digits.count > 3 {
                grouped = "," + digits.suffix(3) + grouped
                digits.removeLast(3)
            }
            return digits + grouped
        }
        return String(format: "%.\(digits)f", value)
    }
}
