import DuckCoordinator
import DuckDBKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder with a database path in it, removed afterwards.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("coord-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var databasePath: String { url.appendingPathComponent("test.duckdb").path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A named pipe that a query reads from: the query blocks inside DuckDB until the test
/// releases it. Lets tests hold a connection busy without timing anything.
final class FifoGate: @unchecked Sendable {
    let path: String
    private var writer: Int32 = -1

    init(in folder: TemporaryFolder, name: String = UUID().uuidString) {
        path = folder.url.appendingPathComponent("\(name).fifo").path
        mkfifo(path, 0o600)
    }

    /// A query that blocks until released, then returns the number of lines written.
    var query: String { "SELECT count(*) AS n FROM read_csv('\(path)', columns = {'x': 'INTEGER'}, header = false)" }

    /// Whether a query has the pipe open now (one try, no waiting).
    func tryEnter() -> Bool {
        if writer >= 0 { return true }
        let fd = open(path, O_WRONLY | O_NONBLOCK)
        if fd >= 0 { writer = fd }
        return fd >= 0
    }

    /// Waits (up to ~20 s) until a query has opened the pipe; true when it has.
    func entered() async -> Bool {
        for _ in 0..<2_000 {
            if tryEnter() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return false
    }

    /// Lets the blocked query finish, having read `lines` lines.
    func release(lines: Int = 1) {
        if writer < 0 { writer = open(path, O_RDWR | O_NONBLOCK) }
        let text = String(repeating: "1\n", count: lines)
        _ = text.withCString { write(writer, $0, strlen($0)) }
        close(writer)
        writer = -2
    }

    deinit { if writer >= 0 { close(writer) } }
}

/// Polls `condition` until it holds (up to ~20 s); returns whether it did.
func eventually(_ condition: @Sendable () async -> Bool) async -> Bool {
    for _ in 0..<2_000 {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return false
}

extension DatabaseCoordinating {
    func count(_ table: String) async throws -> Int {
        try await read("SELECT count(*) AS n FROM \(table)", [])[0]["n"]
    }
}

/// A config that never flushes by itself (tests say when): the timer policy with an hour's
/// timeout.
func manualFlushConfig(batch: Int = 1_000, queue: Int = 10_000) -> ConnectionConfig {
    var config = ConnectionConfig(readPoolSize: 2, writeBatchSize: batch, writeBatchTimeout: 3_600)
    config.flushPolicy = .timer
    config.maxQueueSize = queue
    return config
}

/// Waits for `semaphore` on a thread of its own, never on one of Swift's cooperative pool.
func waitOffThePool(_ semaphore: DispatchSemaphore) async {
    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread {
            semaphore.wait()
            done.resume()
        }
    }
}

/// The operating system's names of this process's threads (`/proc/self/task/*/comm`).
func threadNamesOfThisProcess() -> Set<String> {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return Set(tasks.compactMap { task in
        (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    })
}
