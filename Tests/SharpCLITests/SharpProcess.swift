import Foundation

/// Runs the built `sharp` executable as a real separate process.
struct SharpProcess: Sendable {
    struct Output: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

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

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        try runExecutable(executable.path, arguments, environment: environment)
    }

    /// Runs any executable (sharp, psql, …) to completion with `environment` added to ours.
    static func runExecutable(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
