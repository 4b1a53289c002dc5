import DuckCoordinator
import DuckDBKit
import DuckRemote
import Foundation

extension ServerBenchmark {
    /// One `sharp bench server` run: runs each client against each target and collects the
    /// result lines (and the failures, as notes).
    struct Session {
        let options: Options
        let folder: BenchmarkFolder
        let python: String?
        let harness: URL
        let progress: BenchmarkProgress
        var results: [BenchmarkResult] = []
        var failures: [String] = []
        /// The next id range for inserted rows (each client run writes its own range).
        private var nextBase = 0

        init(options: Options, folder: BenchmarkFolder, python: String?, harness: URL, progress: BenchmarkProgress) {
            self.options = options
            self.folder = folder
            self.python = python
            self.harness = harness
            self.progress = progress
        }

        private mutating func freshBase() -> Int {
            nextBase += 1
            return 1_000_000_000 * nextBase
        }

        // MARK: In process

        /// The workload through one in-process `DatabaseCoordinator` on `path`.
        mutating func inProcess(_ workload: Workload, path: String) async throws {
            let db = try DatabaseCoordinator(path: path, mode: .optimized, config: options.config)
            do {
                try await runInProcess(workload, db)
            } catch {
                await db.shutdown()
                throw error
            }
            await db.shutdown()
        }

        private mutating func runInProcess(_ workload: Workload, _ db: DatabaseCoordinator) async throws {
            let options = options
            switch workload {
            case .storm, .mixed:
                let count = workload == .storm ? options.writers : options.clients
                let base = freshBase()
                let run = try await measuredInProcess {
                    try await Self.closedLoop(Array(repeating: db, count: count), workload: workload, base: base, options: options)
                }
                try await Self.verifyWrites(db, base: base, expected: Int(run.extra.first { $0.key == "writes" }?.value ?? 0))
                record(workload.rawValue, .optimized, run)
            case .bulkIn:
                let base = freshBase()
                let rows = (0..<options.bulkRows).map { SplitRow(base + $0) }
                let run = try await measuredInProcess {
                    let started = DispatchTime.now().uptimeNanoseconds
                    try await db.bulkInsert(into: "splits", columns: SplitRow.columns, rows: rows) { row, appender in
                        try row.appendValues(to: appender)
                    }
                    return ClientRun(operations: rows.count, seconds: Self.since(started))
                }
                try await Self.verifyWrites(db, base: base, expected: rows.count)
                record("bulk-in", .optimized, run)
            case .bulkOut:
                let run = try await measuredInProcess {
                    let started = DispatchTime.now().uptimeNanoseconds
                    let result = try await db.read(ServerWorkloadSQL.selectAll, [])
                    return ClientRun(operations: result.rows.count, seconds: Self.since(started))
                }
                try Self.expect(run.operations, options.bulkRows, "SELECT * in process")
                record("select-all", .optimized, run)
            case .analytics:
                for (name, sql) in ServerWorkloadSQL.analytics {
                    let run = try await measuredInProcess { try await Self.repeatedReads(db, sql, times: options.repetitions) }
                    record("analytics-\(name)", .optimized, run)
                }
            }
        }

        /// Runs `body` in this process, charging it with this process's CPU and peak RSS.
        private func measuredInProcess(_ body: () async throws -> ClientRun) async throws -> ClientRun {
            PeakMemory.reset()
            let cpu = Self.ownCPUSeconds()
            var run = try await body()
            run.extra.append(("server_cpu_ms", (Self.ownCPUSeconds() - cpu) * 1_000 / Double(max(run.operations, 1))))
            run.extra.append(("rss", PeakMemory.megabytes()))
            return run
        }

        // MARK: Over the wire

        /// The workload through every chosen client against `target`.
        mutating func wire(_ workload: Workload, target: WireTarget) async throws {
            let endpoint = RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: target.port), user: target.user, database: target.database)
            let checker = try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)
            do {
                try await runWire(workload, target: target, endpoint: endpoint, checker: checker)
            } catch {
                await checker.shutdown()
                throw error
            }
            await checker.shutdown()
        }

        private mutating func runWire(_ workload: Workload, target: WireTarget, endpoint: RemoteEndpoint, checker: RemoteCoordinator) async throws {
            let options = options
            let count = workload == .storm ? options.writers : options.clients
            for driver in options.drivers {
                switch (workload, driver) {
                case (.storm, .pgbench), (.mixed, .pgbench):
                    for mode in options.pgbenchModes {
                        let base = freshBase()
                        let scripts: [(String, Int)] = workload == .storm ? [(Pgbench.insertScript, 1)]
                            : [(Pgbench.pointScript, (100 - options.writePercent) / 2), (Pgbench.aggregateScript, (100 - options.writePercent + 1) / 2),
                               (Pgbench.insertScript, options.writePercent)].filter { $0.1 > 0 }
                        let run = try await measured(target) {
                            let outcome = try await Pgbench.run(.init(
                                port: target.port, user: target.user, database: target.database, mode: mode, clients: count,
                                seconds: options.seconds, scripts: scripts,
                                variables: ["base": String(base), "n": "0", "rows": String(options.tableRows)]), in: folder.url)
                            return Self.clientRun(outcome)
                        }
                        let written = try await Self.countWrites(checker, base: base)
                        var checked = run
                        checked.extra.append(("writes", Double(written)))
                        if workload == .storm, run.failure == nil, written != run.operations {
                            checked.failure = "\(written) rows landed, pgbench reported \(run.operations) transactions"
                        }
                        record("\(workload.rawValue)/pgbench-\(mode.rawValue)", target.mode, checked)
                    }
                case (.storm, .psycopg2), (.mixed, .psycopg2):
                    let base = freshBase()
                    var config: [String: Any] = ["workload": workload.rawValue, "clients": count, "seconds": options.seconds, "base": base,
                                                 "rows": options.tableRows, "write_percent": options.writePercent]
                    if workload == .storm { config["write_percent"] = 100 }
                    var run = try await measured(target) { try await psycopg2(target, config) }
                    let written = try await Self.countWrites(checker, base: base)
                    let expected = workload == .storm ? run.operations : Int(run.extra.first { $0.key == "writes" }?.value ?? -1)
                    if run.failure == nil, written != expected { run.failure = "\(written) rows landed, psycopg2 acknowledged \(expected)" }
                    record("\(workload.rawValue)/psycopg2", target.mode, run)
                case (.storm, .ours), (.mixed, .ours):
                    let base = freshBase()
                    var clients: [RemoteCoordinator] = []
                    for _ in 0..<count { clients.append(try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)) }
                    let run: ClientRun
                    do {
                        run = try await measured(target) {
                            try await Self.closedLoop(clients, workload: workload, base: base, options: options)
                        }
                    } catch {
                        for client in clients { await client.shutdown() }
                        throw error
                    }
                    for client in clients { await client.shutdown() }
                    var checked = run
                    let written = try await Self.countWrites(checker, base: base)
                    let expected = Int(run.extra.first { $0.key == "writes" }?.value ?? -1)
                    if written != expected { checked.failure = "\(written) rows landed, \(expected) writes acknowledged" }
                    record("\(workload.rawValue)/ours", target.mode, checked)
                case (.bulkIn, .psycopg2):
                    let base = freshBase()
                    var run = try await measured(target) {
                        try await psycopg2(target, ["workload": "copy_in", "base": base, "bulk_rows": options.bulkRows])
                    }
                    let written = try await Self.countWrites(checker, base: base)
                    if run.failure == nil, written != options.bulkRows { run.failure = "\(written) of \(options.bulkRows) rows landed" }
                    record("bulk-in/psycopg2", target.mode, run)
                case (.bulkIn, .ours):
                    let base = freshBase()
                    let rows = (0..<options.bulkRows).map { SplitRow(base + $0).values }
                    let client = try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)
                    let run = try await measured(target) {
                        let started = DispatchTime.now().uptimeNanoseconds
                        do {
                            _ = try await client.bulkInsert(into: "splits", columns: SplitRow.columns, rows: rows)
                            return ClientRun(operations: rows.count, seconds: Self.since(started))
                        } catch {
                            return ClientRun(operations: 0, seconds: Self.since(started), errors: 1, failure: "\(error)")
                        }
                    }
                    await client.shutdown()
                    var checked = run
                    let written = try await Self.countWrites(checker, base: base)
                    if run.failure == nil, written != options.bulkRows { checked.failure = "\(written) of \(options.bulkRows) rows landed" }
                    record("bulk-in/ours", target.mode, checked)
                case (.bulkOut, .psycopg2):
                    for (name, workload) in [("select-all", "select_all"), ("copy-out", "copy_out")] {
                        var run = try await measured(target) { try await psycopg2(target, ["workload": workload]) }
                        if run.failure == nil, run.operations != options.bulkRows {
                            run.failure = "\(run.operations) of \(options.bulkRows) rows arrived"
                            run.operations = 0
                        }
                        record("\(name)/psycopg2", target.mode, run)
                    }
                case (.bulkOut, .ours):
                    let client = try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)
                    var run = try await measured(target) {
                        let started = DispatchTime.now().uptimeNanoseconds
                        do {
                            let result = try await client.read(ServerWorkloadSQL.selectAll, [])
                            return ClientRun(operations: result.rows.count, seconds: Self.since(started))
                        } catch {
                            return ClientRun(operations: 0, seconds: Self.since(started), errors: 1, failure: "\(error)")
                        }
                    }
                    await client.shutdown()
                    if run.failure == nil, run.operations != options.bulkRows {
                        run.failure = "\(run.operations) of \(options.bulkRows) rows arrived"
                    }
                    record("select-all/ours", target.mode, run)
                case (.analytics, .pgbench):
                    for (name, sql) in ServerWorkloadSQL.analytics {
                        let run = try await measured(target) {
                            let outcome = try await Pgbench.run(.init(
                                port: target.port, user: target.user, database: target.database, mode: .prepared, clients: 1,
                                seconds: 0, transactions: options.repetitions, scripts: [(sql + ";\n", 1)]), in: folder.url)
                            return Self.clientRun(outcome)
                        }
                        record("analytics-\(name)/pgbench-prepared", target.mode, run)
                    }
                case (.analytics, .psycopg2):
                    for (name, sql) in ServerWorkloadSQL.analytics {
                        let run = try await measured(target) {
                            try await psycopg2(target, ["workload": "query", "sql": sql, "repeat": options.repetitions])
                        }
                        record("analytics-\(name)/psycopg2", target.mode, run)
                    }
                case (.analytics, .ours):
                    let client = try await RemoteCoordinator.connect(to: endpoint, maxConnections: 1)
                    for (name, sql) in ServerWorkloadSQL.analytics {
                        let run = try await measured(target) {
                            do { return try await Self.repeatedReads(client, sql, times: options.repetitions) } catch {
                                return ClientRun(operations: 0, seconds: 0, errors: 1, failure: "\(error)")
                            }
                        }
                        record("analytics-\(name)/ours", target.mode, run)
                    }
                    await client.shutdown()
                case (.bulkIn, .pgbench), (.bulkOut, .pgbench):
                    continue  // pgbench has no COPY
                }
            }
        }

        /// Runs `body`, charging it with `target`'s CPU and peak RSS.
        private func measured(_ target: WireTarget, _ body: () async throws -> ClientRun) async throws -> ClientRun {
            target.resetPeak()
            let cpu = target.cpuSeconds()
            var run = try await body()
            if target.mode == .postgres {
                // The backends of the clients that just left are reaped (and their CPU counted) shortly after.
                try await Task.sleep(nanoseconds: 300_000_000)
            }
            run.extra.append(("server_cpu_ms", (target.cpuSeconds() - cpu) * 1_000 / Double(max(run.operations, 1))))
            run.extra.append(("rss", target.peakMegabytes()))
            return run
        }

        /// Runs the psycopg2 harness with `config` (plus where to connect).
        private func psycopg2(_ target: WireTarget, _ config: [String: Any]) async throws -> ClientRun {
            guard let python else { throw BenchmarkError.invalidOption("psycopg2 was not chosen") }
            var config = config
            config["host"] = "127.0.0.1"
            config["port"] = target.port
            config["user"] = target.user
            config["dbname"] = target.database
            let json = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
            let done = try await ChildProcess.run(python, [harness.path, json], in: folder.url)
            guard let line = done.stdout.split(separator: "\n").last,
                  let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw BenchmarkError.wrongResult("the psycopg2 client failed (status \(done.status)): \(done.stderr.suffix(1_500))")
            }
            if let failed = object["failed"] as? String {
                return ClientRun(operations: 0, seconds: 0, errors: 1, failure: failed)
            }
            func number(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
            var run = ClientRun(operations: Int(number("ops") ?? 0), seconds: number("seconds") ?? 0,
                                p50: number("p50_ms"), p99: number("p99_ms"), errors: Int(number("errors") ?? 0),
                                failure: object["first_error"] as? String)
            if let writes = number("writes") { run.extra.append(("writes", writes)) }
            return run
        }

        /// Adds a result line; a failed run becomes a note (its figures stay, marked by `errors`).
        private mutating func record(_ variant: String, _ mode: BenchmarkMode, _ run: ClientRun) {
            let rss = run.extra.first { $0.key == "rss" }?.value ?? nil
            var extra = run.extra.filter { $0.key != "rss" && $0.key != "writes" }
            extra.append(("errors", Double(max(run.errors, run.failure == nil ? 0 : 1))))
            results.append(BenchmarkResult(workload: "server", variant: variant, mode: mode, operations: run.operations, seconds: run.seconds,
                                           p50Milliseconds: run.p50, p99Milliseconds: run.p99, rssMegabytes: rss ?? .nan, extra: extra))
            let rate = run.seconds > 0 ? Double(run.operations) / run.seconds : 0
            progress.note("\(variant) \(mode.rawValue): " + String(format: "%.0f/s", rate) + (run.failure.map { " — \($0)" } ?? ""))
            if let failure = run.failure { failures.append("\(variant) on \(mode.rawValue): \(failure)") }
        }

        // MARK: Helpers

        static func clientRun(_ outcome: Pgbench.Outcome) -> ClientRun {
            var run = ClientRun(operations: outcome.transactions, seconds: outcome.seconds, p50: outcome.p50Milliseconds,
                                p99: outcome.p99Milliseconds, errors: outcome.failed + outcome.aborted)
            if outcome.failed + outcome.aborted > 0 || outcome.status != 0 {
                let line = outcome.output.split(separator: "\n").first { $0.contains("aborted") || $0.contains("ERROR") }
                run.failure = "pgbench status \(outcome.status), \(outcome.failed) failed, \(outcome.aborted) clients aborted" + (line.map { ": \($0)" } ?? "")
            }
            return run
        }

        /// `clients` closed loops for `options.seconds`: storm writes only, mixed 80/20.
        static func closedLoop(_ clients: [any DatabaseCoordinating], workload: Workload, base: Int, options: Options) async throws -> ClientRun {
            let writePercent = workload == .storm ? 100 : options.writePercent
            let tableRows = options.tableRows
            let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(options.seconds) * 1_000_000_000
            let started = DispatchTime.now().uptimeNanoseconds
            let (samples, writes) = try await withThrowingTaskGroup(of: (LatencySamples, Int).self) { group in
                for (index, client) in clients.enumerated() {
                    group.addTask {
                        var samples = LatencySamples()
                        var random = SystemRandomNumberGenerator()
                        var written = 0, n = 0
                        // At least one operation each, however late the task starts on a busy pool.
                        repeat {
                            let begun = DispatchTime.now().uptimeNanoseconds
                            let roll = (n * 37 + index * 11) % 100
                            if roll < writePercent {
                                try await client.write(ServerWorkloadSQL.insert, SplitRow(base + index * 10_000_000 + written).values, priority: .normal)
                                written += 1
                            } else if roll % 2 == 0 {
                                let id = Int.random(in: 0..<tableRows, using: &random)
                                let found = try await client.read(ServerWorkloadSQL.point, [.int(Int64(id))])
                                guard found.rows.count == 1 else { throw BenchmarkError.wrongResult("id \(id) not found") }
                            } else {
                                _ = try await client.read(ServerWorkloadSQL.aggregate, [.int(Int64(745_000 + Int.random(in: 0..<2_430, using: &random)))])
                            }
                            samples.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
                            n += 1
                        } while DispatchTime.now().uptimeNanoseconds < deadline
                        return (samples, written)
                    }
                }
                var all = LatencySamples(), writes = 0
                for try await (part, written) in group { all.merge(part); writes += written }
                return (all, writes)
            }
            return ClientRun(operations: samples.count, seconds: since(started), p50: samples.percentile(0.5), p99: samples.percentile(0.99),
                             extra: [("writes", Double(writes))])
        }

        /// `sql` read `times` times: p50 is the median, seconds the total.
        static func repeatedReads(_ client: any DatabaseCoordinating, _ sql: String, times: Int) async throws -> ClientRun {
            var samples = LatencySamples()
            for _ in 0..<times {
                let begun = DispatchTime.now().uptimeNanoseconds
                _ = try await client.read(sql, [])
                samples.record(nanoseconds: DispatchTime.now().uptimeNanoseconds - begun)
            }
            return ClientRun(operations: times, seconds: samples.totalMilliseconds / 1_000, p50: samples.percentile(0.5), p99: samples.percentile(0.99))
        }

        static func countWrites(_ client: any DatabaseCoordinating, base: Int) async throws -> Int {
            let result = try await client.read("SELECT count(*) AS n FROM splits WHERE id >= $1 AND id < $2",
                                               [.int(Int64(base)), .int(Int64(base + 1_000_000_000))])
            guard case .int(let n) = result.rows.first?.values.first else { return -1 }
            return Int(n)
        }

        static func verifyWrites(_ client: any DatabaseCoordinating, base: Int, expected: Int) async throws {
            try expect(try await countWrites(client, base: base), expected, "rows landed")
        }

        static func expect(_ got: Int, _ expected: Int, _ what: String) throws {
            guard got == expected else { throw BenchmarkError.wrongResult("\(what): \(got), expected \(expected)") }
        }

        static func since(_ started: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

        static func ownCPUSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
    }
}
