import Foundation
import Testing

/// `--log-format json --log-level debug` on a real `sharp collect` of the recorded day: every
/// stderr line that is not the command's own text is one JSON object, the writer logs its
/// batches with operation, duration and rows, collection logs each source, and the progress
/// over the captures is plain lines (stderr is a pipe here). Bad values are refused.
@Suite struct LoggingOptionsTests {
    static let day = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17").path

    @Test func jsonLogLinesCarryOperationDurationAndRows() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path
        let run = try await SharpProcess.run(["collect", "--log-format", "json", "--replay", Self.day, "--path", path, "--log-level=debug"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("3 captures into"), "the summary table is still on stdout: \(run.stdout)")
        let objects = run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == run.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }.count, "every JSON line parses")
        // A batch is logged as "batch committed" (debug), or as "slow batch" (warning) past 500 ms.
        let batches = objects.filter {
            $0["logger"] as? String == "sharp.coordinator" && ["batch committed", "slow batch"].contains($0["message"] as? String ?? "")
        }
        #expect(!batches.isEmpty)
        for batch in batches {
            #expect(batch["operation"] as? String == "batch")
            #expect(batch["level"] as? String == (batch["message"] as? String == "slow batch" ? "warning" : "debug"))
            #expect(batch["rows"] is Int && batch["duration_ms"] is NSNumber)
        }
        let batchRows = batches.compactMap { $0["rows"] as? Int }.reduce(0, +)
        let captures = objects.filter { $0["message"] as? String == "capture collected" }
        let storedRows = captures.compactMap { $0["rows"] as? Int }.reduce(0, +)
        #expect(storedRows > 0 && batchRows > 0, "\(batchRows) rows in batches, \(storedRows) stored")
        #expect(objects.contains { $0["message"] as? String == "source collected" && $0["source"] as? String == "vsin-dk" })
        let progress = run.stderr.split(separator: "\n").filter { $0.hasPrefix("collect: ") }
        #expect(progress.last?.hasPrefix("collect: 100%") == true, "\(progress)")
    }

    @Test func defaultLevelKeepsDebugAndInfoQuietAndBadValuesAreRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("logs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let migrate = try await SharpProcess.run(["db", "migrate", "--path", folder.appendingPathComponent("m.duckdb").path])
        #expect(migrate.status == 0)
        #expect(!migrate.stderr.contains(" debug ") && !migrate.stderr.contains(" info "), "\(migrate.stderr)")
        let bad = try await SharpProcess.run(["db", "status", "--log-level", "loud"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("unknown --log-level 'loud'") && bad.stderr.contains("debug"), "\(bad.stderr)")
    }
}
