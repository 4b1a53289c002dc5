import Foundation

/// The process's peak resident memory (Linux `VmHWM`), resettable so that each mode of a run
/// reports its own peak.
public enum PeakMemory {
    /// Resets the peak to the current resident size (Linux: `5` into `/proc/self/clear_refs`);
    /// elsewhere does nothing, and the peak stays the process's.
    public static func reset() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }

    /// The peak resident memory since the last `reset()`, in MB.
    public static func megabytes() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") {
            return kilobytes / 1_024
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1_024
    }
}
