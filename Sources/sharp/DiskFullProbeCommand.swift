import ArgumentParser
import DuckCoordinator
import DuckDBKit
import Foundation

/// `sharp disk-full-probe` (hidden): the child of the disk-full test
/// (`Tests/SharpCLITests/DiskFullTests.swift`). It writes through the coordinator, then lowers
/// its own RLIMIT_FSIZE to the files' current size (SIGXFSZ ignored, so a write past it fails
/// with EFBIG the way a full disk fails with ENOSPC), writes on, reads, raises the limit again
/// ("space returns") and writes on. One line per event on stdout:
/// `ack <op>`, `fail <op> <error>`, `read <rows>`, `limit <bytes>`, `unlimited`, `done`.
struct DiskFullProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disk-full-probe",
        abstract: "Test helper: writes through the coordinator while the file size limit is hit, then lifted.",
        shouldDisplay: false
    )

    @Option(name: .long, help: "Database file.")
    var path: String

    @Option(name: .customLong("db-mode"), help: "optimized or legacy.")
    var mode: CoordinatorMode = .optimized

    func run() async throws {
        signal(SIGXFSZ, SIG_IGN)
        var config = ConnectionConfig.production
        config.readPoolSize = 1
        let db = try DatabaseCoordinator(path: path, mode: mode, config: config)
        try await db.write(StormOperation.createTable, [], priority: .critical)
        var op = 0
        func attempt() async {
            do {
                try await StormOperation(op).run(on: db, priority: .normal)
                StormOutput.line("ack \(op)")
            } catch {
                StormOutput.line("fail \(op) \(String(describing: error).replacingOccurrences(of: "\n", with: " ").prefix(300))")
            }
            op += 1
        }
        for _ in 0..<20 { await attempt() }
        let sizes = [path, path + ".wal"].map { (try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int) ?? 0 }
        let limit = rlim_t(sizes.max()! + 4_096)
        var original = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &original)
        var lowered = rlimit(rlim_cur: limit, rlim_max: original.rlim_max)
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &lowered)
        StormOutput.line("limit \(limit)")
        for _ in 0..<40 { await attempt() }
        do {
            let rows: Int = try await db.read("SELECT count(*) AS n FROM storm", [])[0]["n"]
            StormOutput.line("read \(rows)")
        } catch {
            StormOutput.line("readfail \(error)")
        }
        setrlimit(Int32(RLIMIT_FSIZE.rawValue), &original)
        StormOutput.line("unlimited")
        for _ in 0..<20 { await attempt() }
        await db.shutdown()
        StormOutput.line("done")
    }
}
