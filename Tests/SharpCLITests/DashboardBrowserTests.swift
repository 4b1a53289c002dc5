import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `sharp serve --metrics-port` as a real process over a recorded day, written to through real
/// psql, its dashboard loaded in real headless Chromium: the numbers on the page are the ones
/// `/metrics` gives, the slate shows the stored signals, and a screenshot is kept for people
/// (`.build/test-artifacts/dashboard.png`).
@Suite(.serialized) struct DashboardBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func thePageShowsWhatMetricsSaysAndTheSlate() async throws {
        let chromium = try #require(Self.chromium, "chromium is missing: run scripts/bootstrap (it installs Debian's chromium)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mlb.duckdb").path
        let day = Self.packageRoot.appendingPathComponent("recorded/2025-06-17").path
        let pregame = try await SharpProcess.run(["pregame", "--replay", day, "--path", path])
        try #require(pregame.status == 0, "\(pregame.stderr)")

        let owner = try ServeCommandTests.Server(["--path", path, "--port", "0", "--metrics-port", "0"])
        defer { if owner.process.isRunning { owner.process.terminate() } }
        guard let (port, _) = await owner.ready(), let metricsPort = await Self.metricsPort(owner) else {
            Issue.record("sharp serve did not get ready: \(owner.errors.withLock { $0 })")
            return
        }
        let psql = try await SharpProcess.runExecutable("/usr/bin/psql", [
            "-X", "-h", folder.path, "-p", String(port), "-v", "ON_ERROR_STOP=1",
            "-c", "CREATE TABLE probe (id INTEGER, v VARCHAR)",
            "-c", "INSERT INTO probe SELECT range, 'x' FROM range(40)",
            "-c", "INSERT INTO probe VALUES (41, 'y')",
        ])
        try #require(psql.status == 0, "\(psql.stderr)")

        let base = "http://127.0.0.1:\(metricsPort)"
        let dom = try await SharpProcess.runExecutable(chromium, Self.headless + ["--virtual-time-budget=4000", "--dump-dom", base + "/"]).stdout
        let metrics = try await Self.metrics(base)
        try #require(dom.contains(#"data-ready="1""#), "the page never drew stats: \(dom.prefix(2_000))")

        let rows = try #require(metrics["sharp_rows_written_total"])
        #expect(rows >= 41)
        #expect(Self.number(in: dom, id: "rows-written") == rows)
        #expect(Self.number(in: dom, id: "writes-total") == metrics["sharp_writes_total"])
        #expect(Self.number(in: dom, id: "batches-total") == metrics["sharp_batches_total"])
        #expect(Self.number(in: dom, id: "queue-size") == metrics["sharp_write_queue_size"])
        #expect(Self.number(in: dom, id: "queue-high") == metrics["sharp_write_queue_high_water"])
        #expect(dom.contains(#"id="status" class="badge healthy">healthy<"#))
        // In a process of its own, the event histograms add up exactly to the sampled totals.
        #expect(metrics[#"sharp_batch_rows_count{mode="optimized"}"#] == metrics["sharp_batches_total"])
        let latencies = metrics.samples.filter { $0.key.hasPrefix("sharp_write_latency_seconds_count{") }.map(\.value).reduce(0, +)
        let failures = metrics.samples.filter { $0.key.hasPrefix("sharp_write_failures_total{") }.map(\.value).reduce(0, +)
        #expect(latencies + failures == metrics["sharp_writes_total"])
        #expect(metrics["sharp_server_sessions"] == 0)  // psql and the page's fetches are gone
        #expect(metrics.samples.keys.contains(#"sharp_source_staleness_seconds{source="vsin-dk"}"#))

        // The slate of the recorded day: every game, the stored signals with confidence and price.
        let slate = try #require(try JSONSerialization.jsonObject(with: Data(try await Self.get(base + "/api/slate").utf8)) as? [String: Any])
        let games = try #require(slate["games"] as? [[String: Any]])
        #expect(slate["date"] as? String == "2025-06-17")
        #expect(dom.matches(of: /<tr data-game="\d+">/).count == games.count)  // drawn rows, not the script's template
        let signals = games.flatMap { ($0["signals"] as? [[String: Any]]) ?? [] }
        #expect(!signals.isEmpty)
        for signal in signals { #expect(dom.contains(">\(signal["pick"] as! String)<")) }
        // Each leads with its call, and says the break-even and best prices.
        for signal in signals {
            let call = try #require(signal["call"] as? String)
            #expect(dom.contains("class=\"call call-\(call)\">\(call)<"))
            #expect(dom.contains(try #require(signal["decision"] as? String)))
        }
        #expect(signals.contains { $0["call"] as? String == "BET" })

        // The history a freshly opened page draws its charts from: a point a second, the latest equal to /metrics.
        let history = try #require(try JSONSerialization.jsonObject(with: Data(try await Self.get(base + "/api/history").utf8)) as? [[String: Any]])
        #expect(!history.isEmpty)
        #expect((history.last?["rows_written"] as? Int).map(Double.init) == rows)

        let artifacts = Self.packageRoot.appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let shot = artifacts.appendingPathComponent("dashboard.png")
        try? FileManager.default.removeItem(at: shot)
        _ = try await SharpProcess.runExecutable(chromium, Self.headless + ["--window-size=1400,1050", "--virtual-time-budget=6000",
                                                                      "--screenshot=\(shot.path)", base + "/"])
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)

        owner.process.terminate()
        #expect(await owner.exit() == 0, "\(owner.errors.withLock { $0 })")
    }

    static let headless = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                           "--user-data-dir=\(FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)").path)"]

    /// The `--metrics-port` line on standard error (bounded wait).
    static func metricsPort(_ server: ServeCommandTests.Server) async -> Int? {
        for _ in 0..<200 {
            let text = server.errors.withLock { $0 }
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("metrics on http://127.0.0.1:") }),
               let port = Int(line.dropFirst("metrics on http://127.0.0.1:".count).prefix { $0.isNumber }) {
                return port
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// The number shown in the element with `id` (thousands separators removed).
    static func number(in dom: String, id: String) -> Double? {
        guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
        let rest = dom[start.upperBound...]
        guard let open = rest.firstIndex(of: ">"), let close = rest[open...].firstIndex(of: "<") else { return nil }
        return Double(rest[rest.index(after: open)..<close].replacingOccurrences(of: ",", with: ""))
    }

    static func get(_ url: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
        return String(decoding: data, as: UTF8.self)
    }

    struct Metrics {
        var samples: [String: Double] = [:]
        subscript(_ key: String) -> Double? { samples[key] }
    }

    static func metrics(_ base: String) async throws -> Metrics {
        var metrics = Metrics()
        for line in try await get(base + "/metrics").split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            metrics.samples[String(line[..<space])] = value
        }
        return metrics
    }
}
