import ArgumentParser
import Dispatch
import DuckCoordinator
import DuckDBKit
import Foundation
import SharpBetting
import Synchronization

/// `sharp durability-storm` (hidden): the child process of the crash and drain tests
/// (`Tests/SharpCLITests/CrashDurabilityTests.swift`, `make soak`). Producers write operations
/// into `storm(op, kind, seq)` through the coordinator until killed, and print one line per
/// event on stdout, each written with one `write(2)` so a SIGKILL never leaves half a line:
///
/// - `sent <op>` just before the call, `ack <op>` once it returned success,
///   `refused <op>` when it threw (after `--drain-on-signal` shut intake, `shutDown`);
/// - `signal` when SIGTERM/SIGINT arrived (with `--drain-on-signal`), `drained` after shutdown.
///
/// Operation `op` has a kind and a row count that are pure functions of `op`
/// (``StormOperation``), so the checker knows how many rows each operation must have in the
/// file — all of them or none — whether or not it was acknowledged.
struct DurabilityStormCommand: AsyncParsableCommand, WatchesItsOwnSignals {
    static let configuration = CommandConfiguration(
        commandName: "durability-storm",
        abstract: "Test helper: a write storm that prints every acknowledged operation (for kill tests).",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Database file.")
    var path: String

    @Option(name: .customLong("db-mode"), help: "optimized or legacy.")
    var mode: CoordinatorMode = .optimized

    @Option(name: .long, help: "Seed of the priorities.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Concurrent producers.")
    var producers = 8

    @Option(name: .long, help: "Stop after this many operations (default: run until killed).")
    var operations: Int?

    @Option(name: .customLong("checkpoint-threshold"), help: "DuckDB checkpoint_threshold (e.g. 1MB).")
    var checkpointThreshold: String?

    @Flag(name: .customLong("drain-on-signal"), help: "On SIGTERM/SIGINT shut the coordinator down (committing what it accepted) and exit 0.")
    var drainOnSignal = false

    func run() async throws {
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        config.checkpointThreshold = checkpointThreshold
        let db = try DatabaseCoordinator(path: path, mode: mode, config: config)
        try await db.write(StormOperation.createTable, [], priority: .critical)
        StormOutput.line("ready")
        let next = StormCounter()
        let limit = operations ?? Int.max, seed = self.seed
        let signals = drainOnSignal ? DrainSignal(db) : nil
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    var random = SplitMix64(seed: seed, UInt64(producer))
                    while true {
                        let op = next.take()
                        if op >= limit { return }
                        let priority = OperationPriority.allCases[Int(random.next() % 4)]
                        StormOutput.line("sent \(op)")
                        do {
                            try await StormOperation(op).run(on: db, priority: priority)
                            StormOutput.line("ack \(op)")
                        } catch {
                            StormOutput.line("refused \(op) \(String(describing: error).prefix(60))")
                            if error as? CoordinatorError == .shutDown { return }
                        }
                    }
                }
            }
        }
        await db.shutdown()
        withExtendedLifetime(signals) {}
        StormOutput.line("drained")
    }
}

/// One operation of the storm; its kind and size follow from its number alone.
struct StormOperation: Sendable {
    enum Kind: String, Sendable { case write, bulk, transaction }

    static let createTable = "CREATE TABLE IF NOT EXISTS storm (op BIGINT, kind VARCHAR, seq INTEGER, payload VARCHAR)"

    let op: Int
    init(_ op: Int) { self.op = op }

    var kind: Kind { [.write, .bulk, .write, .transaction][op % 4] }

    /// Rows this operation writes: all of them land or none.
    var rows: Int {
        switch kind {
        case .write: 1
        case .bulk: 2 + op % 97
        case .transaction: 2 + op % 5
        }
    }

    func row(_ seq: Int) -> [DuckDBValue] {
        [.int(Int64(op)), .string(kind.rawValue), .int(Int64(seq)), .string(String(repeating: "x", count: 64))]
    }

    func run(on db: DatabaseCoordinator, priority: OperationPriority) async throws {
        let insert = "INSERT INTO storm (op, kind, seq, payload) VALUES (?, ?, ?, ?)"
        switch kind {
        case .write:
            _ = try await db.write(insert, row(0), priority: priority)
        case .bulk:
            _ = try await db.bulkInsert(into: "storm", columns: ["op", "kind", "seq", "payload"],
                                        rows: (0..<rows).map(row), priority: priority)
        case .transaction:
            let rows = (0..<self.rows).map(row)
            _ = try await db.transaction { tx in
                for row in rows { _ = try tx.execute(insert, row) }
            }
        }
    }
}

/// The next operation number, shared by the producers.
final class StormCounter: Sendable {
    private let next = Mutex(0)
    func take() -> Int {
        next.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}

/// Whole lines on stdout, one `write(2)` each (atomic on a pipe below PIPE_BUF), unbuffered.
enum StormOutput {
    static func line(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { return }
                offset += n
            }
        }
    }
}

/// SIGTERM/SIGINT: print `signal` and shut the coordinator down; the producers then see
/// `shutDown` and stop, and the command exits 0.
final class DrainSignal {
    private let subscription: ProcessSignals.Subscription

    init(_ db: DatabaseCoordinator) {
        subscription = ProcessSignals.subscribe { _ in
            StormOutput.line("signal")
            Task { await db.shutdown() }
        }
    }

    deinit { subscription.cancel() }
}
