import Foundation

/// PostgreSQL's own benchmark client, driving `sharp bench server`'s workloads with custom
/// scripts, the way a user measures a PostgreSQL-protocol server: `-M simple` (every statement
/// a literal Query), `-M extended` (Parse/Bind/Execute of the unnamed statement each time) and
/// `-M prepared` (named statements, parsed once per connection). Parameters reach the server as
/// untyped text (pgbench declares no types), and scripts mix literals with `:variables`.
///
/// ```swift
/// let run = try await Pgbench.run(.init(port: 5433, user: "sharp", database: "main", mode: .prepared,
///                                       clients: 16, seconds: 8, scripts: [(Pgbench.insertScript, 1)]), in: folder)
/// print(run.transactions, run.failed, run.tps)
/// ```
public struct Pgbench: Sendable {
    /// pgbench's `-M`.
    public enum Mode: String, Sendable, CaseIterable {
        case simple, extended, prepared
    }

    /// One run's settings.
    struct Run: Sendable {
        var port: Int
        var user: String
        var database: String
        var mode: Mode
        var clients: Int
        /// Run for this long (`-T`), or, when `transactions` is set, that many per client (`-t`).
        var seconds: Int
        var transactions: Int?
        /// Script texts and their weights (`-f file@weight`).
        var scripts: [(text: String, weight: Int)]
        /// `-D name=value`.
        var variables: [String: String] = [:]
    }

    /// What pgbench reported.
    struct Outcome: Sendable {
        var transactions: Int
        var failed: Int
        /// Clients pgbench stopped after an error (`client N script M aborted in command …`).
        var aborted: Int
        /// pgbench's exit status (0: every client ran to its end).
        var status: Int32
        var seconds: Double
        var tps: Double
        var p50Milliseconds: Double?
        var p99Milliseconds: Double?
        var output: String
    }

    /// Where pgbench is: Debian's wrapper, else the newest server package's binary.
    static func executable() throws -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
        guard let path = ChildProcess.find(["/usr/bin/pgbench"] + versions.map { "/usr/lib/postgresql/\($0)/bin/pgbench" }) else {
            throw BenchmarkError.invalidOption("pgbench is not installed: apt-get install postgresql (Debian's package carries pgbench), or leave pgbench out of --drivers")
        }
        return path
    }

    /// A single-row INSERT of a split row: literals mixed with variables, a unique id per
    /// transaction (`base` + client × 10^7 + a per-client counter `n`, which starts at 0).
    static let insertScript = """
        \\set id :base + :client_id * 10000000 + :n
        \\set n :n + 1
        \\set game 745000 + (:id / 54) % 2430
        \\set bets ((:id * 7919) % 1001) / 10.0
        \\set money ((:id * 104729) % 1001) / 10.0
        INSERT INTO splits VALUES (:id, :game, 'VSIN', 'circa', 'moneyline', :bets, :money, '2025-06-17 23:05:00+00');

        """

    /// A point read by primary key of one of the `rows` loaded rows.
    static let pointScript = """
        \\set id random(0, :rows - 1)
        SELECT id, game_id, source, book, market, bets_pct, money_pct, captured_at FROM splits WHERE id = :id;

        """

    /// A per-game aggregate.
    static let aggregateScript = """
        \\set game random(745000, 747429)
        SELECT count(*), avg(money_pct) FROM splits WHERE game_id = :game;

        """

    /// Runs pgbench to its end; throws when it could not run at all (connection refused, a
    /// script error before the run). Failed transactions are counted, not thrown.
    static func run(_ run: Run, in folder: URL) async throws -> Outcome {
        let pgbench = try executable()
        let scratch = folder.appendingPathComponent("pgbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = ["-h", "127.0.0.1", "-p", String(run.port), "-U", run.user, "-n", "-M", run.mode.rawValue,
                         "-c", String(run.clients), "-j", String(min(2, run.clients)), "--no-vacuum",
                         "-l", "--log-prefix", scratch.appendingPathComponent("log").path]
        if let transactions = run.transactions { arguments += ["-t", String(transactions)] } else { arguments += ["-T", String(run.seconds)] }
        for (index, script) in run.scripts.enumerated() {
            let file = scratch.appendingPathComponent("script\(index).sql")
            try script.text.write(to: file, atomically: true, encoding: .utf8)
            arguments += ["-f", "\(file.path)@\(script.weight)"]
        }
        for (name, value) in run.variables.sorted(by: { $0.key < $1.key }) { arguments += ["-D", "\(name)=\(value)"] }
        arguments.append(run.database)
        let done = try await ChildProcess.run(pgbench, arguments, environment: ["PGCONNECT_TIMEOUT": "60", "PGSSLMODE": "disable"],
                                              in: scratch)
        let output = done.stdout + done.stderr
        guard let processed = Self.number(after: "number of transactions actually processed: ", in: output) else {
            throw BenchmarkError.wrongResult("pgbench -M \(run.mode.rawValue) did not run (status \(done.status)): \(output.suffix(1_500))")
        }
        let failed = Self.number(after: "number of failed transactions: ", in: output) ?? 0
        let tps = Self.decimal(after: "tps = ", in: output) ?? 0
        let latencies = Self.latencies(in: scratch)
        let aborted = output.components(separatedBy: " aborted in command ").count - 1
        return Outcome(transactions: Int(processed), failed: Int(failed), aborted: aborted, status: done.status,
                       seconds: tps > 0 ? Double(processed) / tps : 0, tps: tps,
                       p50Milliseconds: latencies.percentile(0.5), p99Milliseconds: latencies.percentile(0.99), output: output)
    }

    /// The per-transaction log lines (`client transaction latency_us script epoch us`).
    private static func latencies(in folder: URL) -> LatencySamples {
        var samples = LatencySamples()
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasPrefix("log.") }
        for file in files {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count >= 3, let micros = UInt64(fields[2]) { samples.record(nanoseconds: micros * 1_000) }
            }
        }
        return samples
    }

    static func number(after label: String, in text: String) -> Int64? {
        guard let range = text.range(of: label) else { return nil }
        return Int64(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func decimal(after label: String, in text: String) -> Double? {
        guard let range = text.range(of: label) else { return nil }
        return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
