import Foundation
import ThrowawayPostgres

/// A PostgreSQL-protocol server the server benchmark's clients connect to — `sharp serve` as its
/// own process, or a throwaway PostgreSQL cluster — with what it cost: its CPU seconds and its
/// peak memory, read off its own processes so the clients' work never counts.
///
/// ```swift
/// let target = WireTarget.sharp(server)
/// let cpu = target.cpuSeconds()
/// // … a client runs …
/// print((target.cpuSeconds() - cpu) / Double(statements) * 1_000, "ms of server CPU per statement")
/// ```
struct WireTarget: Sendable {
    /// `.server` or `.postgres`.
    let mode: BenchmarkMode
    let port: Int
    let user: String
    let database: String
    /// The server's CPU seconds so far (all its processes).
    let cpuSeconds: @Sendable () -> Double
    /// Resets the server's peak RSS (where it can be read).
    let resetPeak: @Sendable () -> Void
    /// The server's peak RSS since the reset, in MB, or nil where it cannot be read as one figure.
    let peakMegabytes: @Sendable () -> Double?

    static func sharp(_ server: ServeProcess) -> WireTarget {
        let pid = server.pid
        return WireTarget(mode: .server, port: server.port, user: "sharp", database: "main",
                          cpuSeconds: { ProcessUsage.cpuSeconds(pid) ?? 0 },
                          resetPeak: { ProcessUsage.resetPeak(pid) }, peakMegabytes: { ProcessUsage.peakMegabytes(pid) })
    }

    static func postgres(_ cluster: PostgresCluster) -> WireTarget {
        let postmaster = cluster.postmasterPID
        return WireTarget(mode: .postgres, port: cluster.port, user: cluster.user, database: "postgres",
                          cpuSeconds: { postmaster.flatMap { ProcessUsage.clusterCPUSeconds(postmaster: $0) } ?? 0 },
                          resetPeak: {}, peakMegabytes: { nil })
    }
}

extension PostgresCluster {
    /// The postmaster's pid (the first line of `postmaster.pid`), or nil.
    var postmasterPID: pid_t? {
        let file = folder.appendingPathComponent("data/postmaster.pid").path
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { pid_t($0.trimmingCharacters(in: .whitespaces)) }
    }
}
