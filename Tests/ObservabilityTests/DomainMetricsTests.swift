import DuckCoordinator
import Foundation
import Observability
import SharpBetting
import Testing

/// The recorded day collected and detected in process with Prometheus bootstrapped: each rule
/// of each signal counts in `sharp_signals_total{rule}`, and every source's staleness is the
/// age of its newest stored capture.
@Suite(.serialized) struct DomainMetricsTests {
    static let day = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17")

    @Test func signalsCountByRuleAndSourcesByAge() async throws {
        let registry = SharpMetrics.bootstrap()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("d.duckdb").path)
        try await SchemaMigrator().migrate(db)
        let replay = Replay(root: Self.day)
        let collector = DataCollectorService(database: db, feeds: SourceFeed.all)
        var newest = Date.distantPast
        for capture in try replay.captures() {
            _ = try await collector.collect(CaptureContext(slateDate: SlateDate("2025-06-17")!, capturedAt: capture.capturedAt),
                                            using: ReplayFetcher(replay: replay, capture: capture))
            newest = max(newest, capture.capturedAt)
        }

        func count(_ rule: DetectionRule) -> Double {
            PrometheusText(registry.emitToString())[#"sharp_signals_total{rule="\#(rule.rawValue)"}"#] ?? 0
        }
        let before = Dictionary(uniqueKeysWithValues: DetectionRule.allCases.map { ($0, count($0)) })
        let result = try await SharpDetector().detect(db, gameDate: SlateDate("2025-06-17")!)
        #expect(!result.signals.isEmpty)
        for rule in DetectionRule.allCases {
            let fired = result.signals.filter { $0.rules.contains(rule) }.count
            // Other suites in this process may detect too: at least ours.
            #expect(count(rule) - before[rule]! >= Double(fired), "\(rule)")
        }

        let now = newest.addingTimeInterval(1_000)
        let sources = try await SourceFreshness.read(db, now: now)
        #expect(sources.map(\.source) == ["pinnacle", "sbd", "schedule", "vsin-circa", "vsin-dk"])
        for source in sources where source.source != "schedule" {
            #expect(abs(source.stalenessSeconds - 1_000) < 0.001, "\(source)")
        }
        let warnings = StaleSourceWarnings()
        #expect(warnings.note(sources, staleAfter: 900).count == 4 + (sources.first { $0.source == "schedule" }!.stalenessSeconds > 900 ? 1 : 0))
        #expect(warnings.note(sources, staleAfter: 900).isEmpty)  // said once
        await db.shutdown()
    }
}
