import Foundation

/// Runs the built `sharp` executable (or any other program) as a real separate process.
///
/// The test suspends while the child runs: the wait happens on a thread of its own, never on
/// one of the cooperative pool's two threads, so tests running beside it (in-process servers
/// among them) keep their threads. Output goes through files, so a child that writes a lot to
/// both streams cannot stall on a full pipe, and a child still running after `timeout`
/// seconds is killed (its output then says so) instead of hanging the run.
struct SharpProcess: Sendable {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// How long any child of a test may run before it is killed.
    static let defaultTimeout: Double = 900

    /// The `sharp` binary next to the test bundle (both are in the build folder).
    static var executable: URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [here, here.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("sharp")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Fallback: the debug build folder of this checkout.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/sharp")
    }

    /// Runs `sharp` with `arguments` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:],
                    timeout: Double = defaultTimeout, in directory: URL? = nil) async throws -> Output {
        try await runExecutable(executable.path, arguments, environment: environment, timeout: timeout, in: directory)
    }

    /// Runs any executable (sharp, psql, chromium, …) to completion with `environment` added to
    /// ours, in `directory` (default: ours).
    static func runExecutable(_ path: String, _ arguments: [String], environment: [String: String] = [:],
                              timeout: Double = defaultTimeout, in directory: URL? = nil) async throws -> Output {
        try await onOwnThread { try runBlocking(path, arguments, environment: environment, timeout: timeout, directory: directory) }
    }

    /// The blocking part of ``runExecutable(_:_:environment:timeout:)``: only ever on a thread of its own.
    private static func runBlocking(_ path: String, _ arguments: [String], environment: [String: String],
                                    timeout: Double, directory: URL?) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
        let pid = process.processIdentifier
        let overrun = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: overrun)
        process.waitUntilExit()
        overrun.cancel()
        var stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        if process.terminationReason == .uncaughtSignal, process.terminationStatus == SIGKILL {
            stderr += "\n[test: \(path) was killed: still running after \(timeout) s]\n"
        }
        return Output(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      stderr: stderr)
    }
}

extension SharpProcess {
    /// Which output stream a marker is looked for on.
    enum Stream: Sendable { case stdout, stderr }

    /// How a child signalled part-way ended, and all it printed.
    struct Signalled: Sendable {
        let status: Int32
        let reason: Process.TerminationReason
        /// Whether it was still running when the marker appeared (a child that printed the
        /// marker only as it exited was not signalled while it worked).
        let wasRunning: Bool
        let stdout: String
        let stderr: String
    }

    /// Runs `sharp` with `arguments`, waits until `marker` appears on `stream` (the sign that the
    /// child is at work), sends it `signal`, and collects the rest of its output until it exits.
    /// A child still running after `timeout` seconds is killed (its output then fails the
    /// caller's expectations) instead of hanging the run.
    static func runSignalled(_ arguments: [String], signal: Int32, when marker: String, on stream: Stream,
                             timeout: Double = defaultTimeout) async throws -> Signalled {
        try await onOwnThread {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            // The other stream goes to a file, so a child that writes a lot there cannot stall.
            let otherURL = folder.appendingPathComponent("other")
            _ = FileManager.default.createFile(atPath: otherURL.path, contents: nil)
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardInput = FileHandle.nullDevice
            let watched = Pipe()
            let other = try FileHandle(forWritingTo: otherURL)
            process.standardOutput = stream == .stdout ? watched : other
            process.standardError = stream == .stderr ? watched : other
            try process.run()
            let pid = process.processIdentifier
            let overrun = DispatchWorkItem { if process.isRunning { kill(pid, SIGKILL) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: overrun)
            defer { overrun.cancel() }
            var seen = Data()
            let wanted = Data(marker.utf8)
            while seen.range(of: wanted) == nil {
                let chunk = watched.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                seen.append(chunk)
            }
            let wasRunning = process.isRunning
            kill(pid, signal)
            seen.append(watched.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()
            let watchedText = String(decoding: seen, as: UTF8.self)
            let otherText = (try? String(contentsOf: otherURL, encoding: .utf8)) ?? ""
            return Signalled(status: process.terminationStatus, reason: process.terminationReason, wasRunning: wasRunning,
                             stdout: stream == .stdout ? watchedText : otherText,
                             stderr: stream == .stderr ? watchedText : otherText)
        }
    }
}

/// Runs `body` on a thread of its own and suspends until it returns: for blocking waits
/// (child processes, file locks) that must not hold one of the cooperative pool's threads.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
