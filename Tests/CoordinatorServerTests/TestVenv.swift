import Foundation

/// The Python venv of the driver tests (`.build/test-venv`, which scripts/bootstrap makes):
/// psycopg 3, psycopg2 and asyncpg from PyPI. Made here once per test run when missing, so
/// `swift test` works without the bootstrap too.
enum TestVenv {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = packageRoot.appendingPathComponent(".build/test-venv")
    /// Module to import → what pip installs for it.
    static let packages = [("psycopg", "psycopg[binary]==3.3.9"), ("psycopg2", "psycopg2-binary==2.9.13"), ("asyncpg", "asyncpg==0.32.0")]

    /// The venv's python, ready (one preparation shared by every test of the run).
    static var python: String {
        get async throws { try await prepared.value }
    }

    private static let prepared = Task<String, any Error> {
        let python = folder.appendingPathComponent("bin/python").path
        let scratch = FileManager.default.temporaryDirectory
        let environment = ProcessInfo.processInfo.environment
        let imports = "import " + packages.map(\.0).joined(separator: ", ")
        if FileManager.default.fileExists(atPath: python),
           try await ProcessOutput.run(python, ["-c", imports], environment: environment, stdin: "", in: scratch).status == 0 {
            return python
        }
        let made = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "120", "python3", "-m", "venv", folder.path],
                                               environment: environment, stdin: "", in: scratch)
        guard made.status == 0 else { throw VenvError("python3 -m venv \(folder.path) failed (install python3-venv): \(made.stderr)") }
        let installed = try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", "600", python, "-m", "pip", "install", "-q"] + packages.map(\.1),
                                                    environment: environment, stdin: "", in: scratch)
        guard installed.status == 0 else { throw VenvError("pip install of the test drivers failed (PyPI reachable? run scripts/bootstrap): \(installed.stderr)") }
        return python
    }

    /// Runs `script` with the venv's python and `arguments`, killed after `seconds`.
    static func run(_ script: String, _ arguments: [String], in folder: URL, seconds: Int = 300) async throws -> ProcessOutput {
        let path = folder.appendingPathComponent("driver-\(UUID().uuidString).py")
        try script.write(to: path, atomically: true, encoding: .utf8)
        return try await ProcessOutput.run("/usr/bin/timeout", ["-k", "5", String(seconds), try await python, path.path] + arguments,
                                           environment: ProcessInfo.processInfo.environment, stdin: "", in: folder)
    }

    struct VenvError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
