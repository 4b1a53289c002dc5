import Foundation
import Testing
import ThrowawayPostgres

/// Every pipeline command against a real PostgreSQL (`--db-url`), as real processes, on a
/// cluster each test makes (initdb into a temporary folder, a free port) and stops: the recorded
/// day gives the same picks, confidences and results as on a DuckDB file; two collectors and two
/// monitors at once store each row once and alert each pick once; `sharp db copy` round-trips.
@Suite("sharp on PostgreSQL")
struct PostgresPipelineTests {
    static let recordedDay = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("recorded/2025-06-17").path

    /// A cluster with an empty database `sharp`, and a temporary folder; both gone afterwards.
    static func withPostgres(_ body: (_ url: String, _ cluster: PostgresCluster, _ folder: URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sharp-pg-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let cluster = try await PostgresCluster.started()
        do {
            try await cluster.createDatabase("sharp")
            try await body(cluster.url(database: "sharp"), cluster, folder)
        } catch {
            await cluster.stopped()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        await cluster.stopped()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Whether `line` is an alert the console sink printed (`BET NYM ML · …`, `PASS …`, or
    /// `SHARP PICK …` for a signal without a decision).
    static func isAlert(_ line: Substring) -> Bool {
        ["BET ", "PASS ", "SHARP PICK "].contains { line.hasPrefix($0) } && line.contains(" | confidence ")
    }

    /// The report's signals, by id: pick, confidence, result, price, decision (BET/PASS).
    static func reportSignals(_ folder: URL) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("sharp-report-2025-06-17.json"))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var signals: [String: [String: Any]] = [:]
        for entry in try #require(report["signals"] as? [[String: Any]]) {
            let signal = try #require(entry["signal"] as? [String: Any])
            let confidence = try #require((signal["confidence"] as? [String: Any])?["value"] as? Double)
            signals[try #require(signal["id"] as? String)] = [
                "pick": signal["pick"] as? String ?? "", "confidence": confidence, "result": entry["result"] as? String ?? "",
                "price": entry["price"] as? Double ?? .nan,
                "call": (entry["decision"] as? [String: Any])?["call"] as? String ?? "",
            ]
        }
        return signals
    }

    @Test("the recorded day through pregame: the same picks, confidences and results as on a DuckDB file")
    func pregameParity() async throws {
        try await Self.withPostgres { url, _, folder in
            let onFile = try await SharpProcess.run(["pregame", "--replay", Self.recordedDay, "--path",
                                                     folder.appendingPathComponent("day.duckdb").path,
                                                     "--reports", folder.appendingPathComponent("file").path])
            #expect(onFile.status == 0, "\(onFile.stderr)")
            let onPostgres = try await SharpProcess.run(["pregame", "--replay", Self.recordedDay, "--db-url", url,
                                                         "--reports", folder.appendingPathComponent("pg").path])
            #expect(onPostgres.status == 0, "\(onPostgres.stderr)")
            let record = "record of the bets 1-0-0 (1 bet, 2 passed of 3 signals)"
            #expect(onFile.stdout.contains(record), "\(onFile.stdout)")
            #expect(onPostgres.stdout.contains(record), "\(onPostgres.stdout)")
            let file = try Self.reportSignals(folder.appendingPathComponent("file"))
            let postgres = try Self.reportSignals(folder.appendingPathComponent("pg"))
            #expect(file.count == 3)
            #expect(file.values.filter { $0["call"] as? String == "BET" }.count == 1, "\(file)")
            #expect(Set(file.keys) == Set(postgres.keys))
            for (id, expected) in file {
                let got = try #require(postgres[id])
                #expect(got["pick"] as? String == expected["pick"] as? String, "\(id)")
                #expect(got["result"] as? String == expected["result"] as? String, "\(id)")
                #expect(got["call"] as? String == expected["call"] as? String, "\(id)")
                #expect(got["price"] as? Double == expected["price"] as? Double, "\(id)")
                #expect(abs((got["confidence"] as! Double) - (expected["confidence"] as! Double)) < 1e-9, "\(id)")
            }
            // Running it again adds nothing and alerts nothing.
            let again = try await SharpProcess.run(["pregame", "--replay", Self.recordedDay, "--db-url", url,
                                                    "--reports", folder.appendingPathComponent("pg").path])
            #expect(again.status == 0, "\(again.stderr)")
            #expect(!again.stdout.split(separator: "\n").contains(where: Self.isAlert), "\(again.stdout)")
        }
    }

    @Test("two collectors and two monitors at once: every row stored once, every pick alerted once")
    func concurrentWritersAreExactlyOnce() async throws {
        try await Self.withPostgres { url, cluster, folder in
            let monitorArguments = ["monitor", "--replay", Self.recordedDay, "--now", "2025-06-17T16:00:00Z", "--interval", "1800",
                                    "--cycles", "14"]
            let collectArguments = ["collect", "--replay", Self.recordedDay]
            // One collector, then one monitor, into a file: the rows the table must hold afterwards
            // (the monitor stores each cycle's capture too).
            let alonePath = folder.appendingPathComponent("alone.duckdb").path
            for arguments in [collectArguments, monitorArguments] {
                let alone = try await SharpProcess.run(arguments + ["--path", alonePath])
                #expect(alone.status == 0, "\(alone.stderr)")
            }
            let monitor = monitorArguments + ["--db-url", url]
            let collect = collectArguments + ["--db-url", url]
            async let monitorA = SharpProcess.run(monitor)
            async let monitorB = SharpProcess.run(monitor)
            async let collectA = SharpProcess.run(collect)
            async let collectB = SharpProcess.run(collect)
            let runs = try await [monitorA, monitorB, collectA, collectB]
            for run in runs { #expect(run.status == 0, "\(run.stderr)") }

            let stored = Int(try await cluster.psql("SELECT count(*) FROM raw_mlb_betting_splits", database: "sharp")
                .trimmingCharacters(in: .whitespacesAndNewlines))
            let aloneRows = try await SharpProcess.run(["db", "sql", "--path", alonePath,
                                                        "SELECT count(*) AS n FROM raw_mlb_betting_splits"])
            #expect(stored != nil && aloneRows.stdout.contains("\(stored!)"), "PostgreSQL holds \(stored ?? -1): \(aloneRows.stdout)")
            // Each alert line went out from one monitor only, and the ledger counts every one.
            let alerts = runs[0...1].flatMap { $0.stdout.split(separator: "\n").filter(Self.isAlert) }
            #expect(!alerts.isEmpty)
            #expect(Set(alerts).count == alerts.count, "an alert went out twice: \(alerts)")
            let ledger = Int(try await cluster.psql("SELECT coalesce(sum(alert_count), 0) FROM monitor_alert_ledger", database: "sharp")
                .trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(ledger == alerts.count)
            // The alert log (what the daily report lists) holds each of them once too.
            let logged = Int(try await cluster.psql("SELECT count(*) FROM alert_log WHERE channel = 'monitor'", database: "sharp")
                .trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(logged == alerts.count)
        }
    }

    @Test("sharp db copy: DuckDB file → PostgreSQL → DuckDB file, equal row counts and checksums; a non-empty target is refused")
    func copyRoundTrips() async throws {
        try await Self.withPostgres { url, cluster, folder in
            let file = folder.appendingPathComponent("day.duckdb").path
            let day = try await SharpProcess.run(["pregame", "--replay", Self.recordedDay, "--path", file,
                                                  "--reports", folder.appendingPathComponent("r").path])
            #expect(day.status == 0, "\(day.stderr)")
            let there = try await SharpProcess.run(["db", "copy", "--from", file, "--to", url])
            #expect(there.status == 0, "\(there.stderr)")
            let back = try await SharpProcess.run(["db", "copy", "--from", url, "--to", folder.appendingPathComponent("back.duckdb").path])
            #expect(back.status == 0, "\(back.stderr)")
            let tables = { (output: String) in output.split(separator: "\n").filter { $0.contains("  ") && !$0.hasPrefix("table") } }
            #expect(tables(there.stdout).count >= 10, "\(there.stdout)")
            #expect(tables(there.stdout) == tables(back.stdout), "file → PostgreSQL:\n\(there.stdout)\nPostgreSQL → file:\n\(back.stdout)")
            #expect(there.stdout.contains("raw_mlb_betting_splits"))
            #expect(try await cluster.psql("SELECT count(*) FROM sharp_signals", database: "sharp").hasPrefix("3"))
            // PostgreSQL holds rows now: copying into it again is refused, and nothing changes.
            let before = try await cluster.psql("SELECT count(*) FROM raw_mlb_betting_splits", database: "sharp")
            let refused = try await SharpProcess.run(["db", "copy", "--from", file, "--to", url])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("--replace"), "\(refused.stderr)")
            #expect(try await cluster.psql("SELECT count(*) FROM raw_mlb_betting_splits", database: "sharp") == before)
            #expect(try await cluster.psql("SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'sharp_copy_%'",
                                           database: "sharp").hasPrefix("0"))
            // --replace: the same rows again, one transaction.
            let replaced = try await SharpProcess.run(["db", "copy", "--from", file, "--to", url, "--replace"])
            #expect(replaced.status == 0, "\(replaced.stderr)")
            #expect(tables(replaced.stdout) == tables(there.stdout))
        }
    }

    @Test("every command runs against PostgreSQL: db migrate/status/sql/check, detect, report, outcomes, backtest, pregame schedule")
    func everyCommandRuns() async throws {
        try await Self.withPostgres { url, _, folder in
            func sharp(_ arguments: [String]) async throws -> SharpProcess.Output {
                let run = try await SharpProcess.run(arguments + ["--db-url", url])
                #expect(run.status == 0, "sharp \(arguments.joined(separator: " ")): \(run.stderr)")
                return run
            }
            #expect(try await sharp(["db", "migrate"]).stdout.contains("schema version"))
            _ = try await sharp(["collect", "--replay", Self.recordedDay])
            _ = try await sharp(["db", "status"])
            #expect(try await sharp(["db", "sql", "SELECT count(*) AS n FROM games"]).stdout.contains("15"))
            _ = try await sharp(["db", "check"])
            let detect = try await sharp(["detect", "--date", "2025-06-17", "--save"])
            #expect(detect.stdout.contains("NYM"), "\(detect.stdout)")
            _ = try await sharp(["outcomes", "--replay", Self.recordedDay + "/outcomes.json"])
            let report = try await sharp(["report", "--date", "2025-06-17"])
            #expect(report.stdout.contains("Record"), "\(report.stdout)")
            _ = try await sharp(["backtest"])
            let schedule = try await sharp(["pregame", "schedule", "--replay", Self.recordedDay, "--now", "2025-06-17T22:30:00Z",
                                            "--until", "2025-06-17T22:40:00Z"])
            #expect(schedule.stdout.contains("done: 3 runs, 0 failed"), "\(schedule.stdout)")
            _ = folder
        }
    }
}
