import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Testing

@Suite struct AlertTests {
    /// A sink that always fails.
    struct BrokenSink: AlertSink {
        var name: String { "broken" }
        func deliver(_ alert: Alert) async throws { throw AlertDeliveryError(sink: name, message: "down") }
    }

    func lines(_ url: URL) throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        return try String(decoding: Data(contentsOf: url), as: UTF8.self).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func ledgerNeverRepeatsAndReAlertsWhenStrengthened() async throws {
        let test = try await TestDatabase()
        let file = test.folder.appendingPathComponent("alerts/alerts.jsonl")
        let dispatcher = AlertDispatcher(ledger: AlertLedger(test.db, channel: .monitor), sinks: [try JSONLinesAlertSink(path: file.path)])
        let asOf = firstPitch.addingTimeInterval(-5 * 60)
        func run() async throws -> AlertDispatcher<DatabaseCoordinator>.Report {
            let signals = try await SharpDetector().detect(test.db, gameDate: testDay, asOf: asOf).signals
            return try await dispatcher.dispatch(signals, at: asOf)
        }

        // d = 16 at Circa, 15 min old: 0.4·58 + 0.3·85 + 0.2·50 + 0.05·81.8 + 0.05·100 ≈ 67.8.
        try await test.insert([Snapshot(minutesBefore: 20, homeOrOverBetsPct: 40, d: 16)])
        #expect(try await run().sent.map(\.pick) == ["NYM ML"])
        // The same signal again: nothing.
        let repeated = try await run()
        #expect(repeated.sent.isEmpty && repeated.skipped.count == 1)
        // d = 27, fresh (signal part 80.5): 77.7, about 10 points more: strengthened, alerted again.
        try await test.insert([Snapshot(minutesBefore: 10, homeOrOverBetsPct: 40, d: 27)])
        #expect(try await run().sent.map(\.confidence) == [0.4 * 80.5 + 0.3 * 85 + 0.2 * 50 + 5 + 5])
        // d = 29 (+1.2 points, less than 5): not again.
        try await test.insert([Snapshot(minutesBefore: 8, homeOrOverBetsPct: 40, d: 29)])
        #expect(try await run().sent.isEmpty)

        #expect(try lines(file).count == 2)
        let ledger = try await test.db.read("SELECT alert_count, confidence FROM monitor_alert_ledger")
        #expect(ledger.count == 1)
        #expect(try ledger[0]["alert_count", as: Int.self] == 2)
        await test.close()
    }

    @Test func theAlertLogIsOneRowPerPickAndSendTime() async throws {
        let test = try await TestDatabase()
        try await test.insert([Snapshot(minutesBefore: 20, homeOrOverBetsPct: 40, d: 16)])
        let asOf = firstPitch.addingTimeInterval(-5 * 60)
        let first = Alert(try #require(try await SharpDetector().detect(test.db, gameDate: testDay, asOf: asOf).signals.first))
        var second = first
        second.confidence += 7
        let ledger = AlertLedger(test.db, channel: .monitor)
        // Two alerts of one pick in one call (one statement for the log): the last one is logged.
        try await ledger.record([first, second], at: asOf)
        func logged() async throws -> [[DuckDBValue]] {
            try await test.db.read("SELECT confidence, sent_at FROM alert_log WHERE channel = 'monitor'").rows.map(\.values)
        }
        #expect(try await logged() == [[.double(second.confidence), .timestampTZ(asOf)]])
        // The same pick and time again replaces its row; another time adds one.
        try await ledger.record([first], at: asOf)
        #expect(try await logged() == [[.double(first.confidence), .timestampTZ(asOf)]])
        try await ledger.record([second], at: asOf.addingTimeInterval(60))
        #expect(try await logged().count == 2)
        await test.close()
    }

    @Test func jsonLinesSinkWritesTheAlert() async throws {
        let test = try await TestDatabase()
        try await test.insert([
            Snapshot(book: "circa", lineAwayOrOver: -142, lineHomeOrUnder: 130, homeOrOverBetsPct: 29, d: 29),
        ])
        let signal = try #require(try await SharpDetector().detect(test.db, gameDate: testDay).signals.first)
        let file = test.folder.appendingPathComponent("a.jsonl")
        let sink = try JSONLinesAlertSink(path: file.path)
        try await sink.deliver(Alert(signal))
        try await sink.deliver(Alert(signal))
        let written = try lines(file)
        #expect(written.count == 2)
        let line = try #require(written.first)
        #expect(line["pick"] as? String == "NYM ML +130")
        #expect(line["matchup"] as? String == "PHI@NYM")
        #expect(line["market"] as? String == "moneyline")
        #expect(line["side"] as? String == "home")
        #expect(line["gameKey"] as? String == "777003")
        #expect(line["startTime"] as? String == "2025-06-17T23:10:00.000Z")
        #expect(line["startTimeEastern"] as? String == "Tue Jun 17, 7:10 PM ET")
        #expect(line["confidence"] as? Double == signal.confidence.value)
        #expect(line["confidenceLabel"] as? String == signal.confidence.label.rawValue)
        #expect(line["rules"] as? [String] == ["differential"])
        #expect(line["why"] as? String == "VSIN circa 58% of money on 29% of bets (d +29, strong)")
        // Nothing stored at Pinnacle for the game: no fair price, so PASS, and the alert says why.
        #expect(line["decision"].flatMap { ($0 as? [String: Any])?["call"] as? String } == "PASS")
        #expect(line["text"] as? String == "PASS NYM ML · no Pinnacle price at this line to judge it by · now +130 (splits) | "
            + "PHI@NYM Tue Jun 17, 7:10 PM ET | confidence "
            + "\(line["confidence"]!) (\(signal.confidence.label)) | why: VSIN circa 58% of money on 29% of bets (d +29, strong)")
        await test.close()
    }

    @Test func aFailingSinkIsReportedAndTheOthersDeliver() async throws {
        let test = try await TestDatabase()
        try await test.insert([Snapshot(homeOrOverBetsPct: 40, d: 20)])
        let signals = try await SharpDetector().detect(test.db, gameDate: testDay).signals
        let file = test.folder.appendingPathComponent("b.jsonl")
        let both = AlertDispatcher(ledger: AlertLedger(test.db, channel: .monitor), sinks: [BrokenSink(), try JSONLinesAlertSink(path: file.path)])
        let report = try await both.dispatch(signals)
        #expect(report.sent.count == 1)
        #expect(report.failures.map(\.sink) == ["broken"])
        #expect(try lines(file).count == 1)
        // Only a broken sink: not recorded, so it is still due next time.
        let brokenOnly = AlertDispatcher(ledger: AlertLedger(test.db, channel: .monitor, minimumIncrease: 0.0), sinks: [BrokenSink()])
        try await test.db.write("DELETE FROM monitor_alert_ledger", [], priority: .critical)
        #expect(try await brokenOnly.dispatch(signals).sent.isEmpty)
        #expect(try await AlertLedger(test.db, channel: .monitor).due(signals).count == 1)
        // Below the minimum confidence: not sent.
        let picky = AlertDispatcher(ledger: AlertLedger(test.db, channel: .monitor), sinks: [try JSONLinesAlertSink(path: file.path)],
                                    minimumConfidence: 99)
        #expect(try await picky.dispatch(signals).sent.isEmpty)
        await test.close()
    }

    @Test func webhookPostsSlackTextAndFailsClearly() async throws {
        let test = try await TestDatabase()
        try await test.insert([Snapshot(homeOrOverBetsPct: 40, d: 20)])
        let signal = try #require(try await SharpDetector().detect(test.db, gameDate: testDay).signals.first)
        await test.close()
        let alert = Alert(signal)
        let body = try #require(try JSONSerialization.jsonObject(with: WebhookAlertSink.body(for: alert)) as? [String: Any])
        #expect(body["text"] as? String == alert.text)
        #expect((body["alert"] as? [String: Any])?["pick"] as? String == "NYM ML")
        // Nothing listens on port 9 of this machine: a clear delivery error, not a hang.
        let sink = WebhookAlertSink(url: URL(string: "http://127.0.0.1:9/hook")!, timeout: 5)
        await #expect(throws: AlertDeliveryError.self) { try await sink.deliver(alert) }
    }

    @Test func consoleSinkPrintsTheText() async throws {
        let lines = LineCollector()
        let sink = ConsoleAlertSink { lines.append($0) }
        let test = try await TestDatabase()
        try await test.insert([Snapshot(homeOrOverBetsPct: 40, d: 20)])
        let signal = try #require(try await SharpDetector().detect(test.db, gameDate: testDay).signals.first)
        await test.close()
        try await sink.deliver(Alert(signal))
        #expect(lines.all == [Alert(signal).text])
    }
}

/// Collects lines from a `@Sendable` closure.
final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
