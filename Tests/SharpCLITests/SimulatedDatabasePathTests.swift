import Foundation
import Testing

/// A simulated slate is dated like a real day, so without `--path` its captures go to a file of
/// their own (`data/simulated.duckdb`), never into the real days' `data/mlb_betting.duckdb`.
@Suite struct SimulatedDatabasePathTests {
    @Test func simulatedCapturesKeepToTheirOwnFileUnlessAPathIsGiven() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-simpath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) }
        let simulate = ["collect", "--simulate", "42", "--source", "schedule", "--interval", "600"]

        let apart = try await SharpProcess.run(simulate, environment: ["SHARP_DATABASE_URL": ""], in: folder)
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stderr.contains("simulated captures go to data/simulated.duckdb"), "\(apart.stderr)")
        #expect(exists("data/simulated.duckdb") && !exists("data/mlb_betting.duckdb"))

        // The real days' file is where replays go, and a simulation goes there only when named.
        let named = try await SharpProcess.run(simulate + ["--path", "./data/mlb_betting.duckdb"],
                                               environment: ["SHARP_DATABASE_URL": ""], in: folder)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(!named.stderr.contains("simulated captures go to"))
        #expect(exists("data/mlb_betting.duckdb"))
    }
}
