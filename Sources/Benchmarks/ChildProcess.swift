import Foundation

/// A program the server benchmark runs to its end (pgbench, the psycopg2 harness), with a clean
/// signal state (``SpawnedProcess``): output goes through files in the run's folder (so a large
/// output cannot stall the child), and a child that overruns `timeout` is killed.
///
/// ```swift
/// let done = try await ChildProcess.run("/usr/bin/pgbench", ["--version"], in: folder.url)
/// print(done.status, done.stdout)
/// ```
struct ChildProcess: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `executable` with `arguments` (environment: this process's, plus `environment`).
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: URL,
                    timeout: Double = 1_800) async throws -> ChildProcess {
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent("\(id).out"), errURL = folder.appendingPathComponent("\(id).err")
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let child = try SpawnedProcess([executable] + arguments, environment: environment, stdout: outURL, stderr: errURL)
        // A child still running after `timeout` is killed: a benchmark never hangs on it.
        let kill = DispatchWorkItem { child.signal(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: kill)
        let status = await child.exitStatus()
        kill.cancel()
        return ChildProcess(status: status, stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// The first of `candidates` that is an executable file, or nil.
    static func find(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
