import Foundation

/// `sharp serve` as its own process, as users run it: the server benchmark's target, so the
/// server's CPU and memory are read off its own pid and never mixed with the clients'.
///
/// ```swift
/// let server = try await ServeProcess.start(executable: sharp, path: folder.databasePath("storm"), in: folder.url)
/// // … clients connect to 127.0.0.1:server.port …
/// try await server.stop()
/// ```
final class ServeProcess: Sendable {
    let pid: pid_t
    let port: Int
    private let process: SpawnedProcess
    private let log: URL

    private init(process: SpawnedProcess, port: Int, log: URL) {
        self.process = process
        pid = process.pid
        self.port = port
        self.log = log
    }

    /// Starts `executable serve --path path` on 127.0.0.1 at a free port and waits until it
    /// listens (it prints `listening on 127.0.0.1:PORT`).
    static func start(executable: String, path: String, in folder: URL, arguments: [String] = []) async throws -> ServeProcess {
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let out = folder.appendingPathComponent("serve-\(name).out"), err = folder.appendingPathComponent("serve-\(name).log")
        let process = try SpawnedProcess([executable, "serve", "--path", path, "--host", "127.0.0.1", "--port", "0",
                                          "--max-connections", "200", "--idle-in-transaction-timeout", "0"] + arguments,
                                         stdout: out, stderr: err)
        for _ in 0..<2_400 {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                return ServeProcess(process: process, port: port, log: err)
            }
            guard process.isRunning else { break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        process.signal(SIGKILL)
        let log = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        throw BenchmarkError.invalidOption("sharp serve did not start listening: \(log.suffix(2_000))")
    }

    /// The server's CPU seconds so far.
    var cpuSeconds: Double { ProcessUsage.cpuSeconds(pid) ?? 0 }

    /// SIGTERM (queued writes commit, the file closes), then waits for the process to end.
    func stop() async {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        let kill = DispatchWorkItem { [process] in process.signal(SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: kill)
        _ = await process.exitStatus()
        kill.cancel()
    }

    /// The end of the server's log (for error messages).
    var logTail: String { String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2_000)) }
}
