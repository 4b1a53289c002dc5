import Foundation

/// CPU time and peak memory of another process, read from Linux's `/proc`: how the server
/// benchmark charges each statement with the server's own CPU (the clients run elsewhere).
///
/// ```swift
/// let before = ProcessUsage.cpuSeconds(pid)
/// // … the clients run …
/// let perStatement = (ProcessUsage.cpuSeconds(pid)! - before!) / Double(statements)
/// ```
enum ProcessUsage {
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The fields of `/proc/PID/stat` after the command name (field 3 is index 0), or nil.
    private static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    /// User + system CPU seconds of `pid` (with `reapedChildren`, plus those of its children
    /// it has waited for), or nil when it is gone.
    static func cpuSeconds(_ pid: pid_t, reapedChildren: Bool = false) -> Double? {
        guard let fields = statFields(pid), fields.count > 14 else { return nil }
        // utime, stime, cutime, cstime are fields 14–17 (indices 11–14 here).
        var ticks = (Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)
        if reapedChildren { ticks += (Double(fields[13]) ?? 0) + (Double(fields[14]) ?? 0) }
        return ticks / ticksPerSecond
    }

    /// The live children of `pid` (scanning `/proc`).
    static func children(of pid: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { child in
            guard let fields = statFields(child), fields.count > 1 else { return false }
            return Int32(fields[1]) == pid   // field 4, ppid
        }
    }

    /// CPU seconds of a PostgreSQL cluster: the postmaster, the backends it has reaped, and
    /// its live children (checkpointer, WAL writer, backends still running).
    static func clusterCPUSeconds(postmaster: pid_t) -> Double? {
        guard let own = cpuSeconds(postmaster, reapedChildren: true) else { return nil }
        return children(of: postmaster).reduce(own) { $0 + (cpuSeconds($1) ?? 0) }
    }

    /// Resets `pid`'s peak RSS to its current RSS (`5` into `/proc/PID/clear_refs`).
    static func resetPeak(_ pid: pid_t) {
        guard let handle = FileHandle(forWritingAtPath: "/proc/\(pid)/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// `pid`'s peak resident memory (`VmHWM`) since the last reset, in MB, or nil.
    static func peakMegabytes(_ pid: pid_t) -> Double? { statusField(pid, "VmHWM:") }

    /// `pid`'s resident memory now (`VmRSS`), in MB, or nil.
    static func residentMegabytes(_ pid: pid_t) -> Double? { statusField(pid, "VmRSS:") }

    private static func statusField(_ pid: pid_t, _ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1_024
    }
}
