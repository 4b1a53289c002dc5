import Foundation
import Testing

/// `sharp outcomes`, `sharp detect` and `sharp report` as separate processes on a temporary file.
@Suite struct ReportCommandsTests {
    static let recordedOutcomes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17/outcomes.json").path

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func outcomesDetectAndReport() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("data/mlb.duckdb").path

        let loaded = try await SharpProcess.run(["outcomes", "--replay", Self.recordedOutcomes, "--path", path])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("loaded 14 final scores"))
        #expect(loaded.stdout.contains("777006 TOR@BAL: Postponed, no score"))

        let detected = try await SharpProcess.run(["detect", "--date", "2025-06-17", "--path", path, "--format", "json"])
        #expect(detected.status == 0, "\(detected.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(detected.stdout.utf8)) as? [String: Any])
        #expect(json["gameDate"] as? String == "2025-06-17")
        #expect((json["signals"] as? [Any])?.isEmpty == true)

        // Nothing stored yet: the report says how signals get stored.
        let empty = try await SharpProcess.run(["report", "--date", "2025-06-17", "--path", path])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains("No signals stored for 2025-06-17. `sharp detect --date 2025-06-17` only prints what it finds: add --save"))

        let out = folder.appendingPathComponent("reports")
        let report = try await SharpProcess.run(["report", "--date", "2025-06-17", "--path", path, "--format", "html", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let page = try String(contentsOf: out.appendingPathComponent("sharp-report-2025-06-17.html"), encoding: .utf8)
        #expect(page.contains("<svg"))
    }

    @Test func clearErrors() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try await SharpProcess.run(["outcomes", "--replay", folder.appendingPathComponent("nope.json").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no such file"))
        let badDate = try await SharpProcess.run(["detect", "--date", "2025-6-17"])
        #expect(badDate.status != 0)
        #expect(badDate.stderr.contains("--date"))
        let badFormat = try await SharpProcess.run(["report", "--format", "pdf"])
        #expect(badFormat.status != 0)
        let help = try await SharpProcess.run(["--help"])
        #expect(help.stdout.contains("detect") && help.stdout.contains("report") && help.stdout.contains("outcomes"))
    }
}
