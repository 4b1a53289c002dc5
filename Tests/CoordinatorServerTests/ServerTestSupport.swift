import CoordinatorServer
import DuckCoordinator
import DuckDBKit
import Foundation
import Synchronization

/// A real server on loopback (a free port) and a Unix socket, over a real DuckDB file in a
/// fresh folder; removed afterwards.
final class RunningServer: @unchecked Sendable {
    let folder: URL
    let db: DatabaseCoordinator
    let server: CoordinatorServer
    let port: Int
    let socketPath: String

    static func start(password: String? = nil, cleartext: Bool = false, maxConnections: Int = 16,
                      idleTimeout: Double? = nil, tls: Bool = false) async throws -> RunningServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var certificate: String?, key: String?
        if tls {
            // A throwaway self-signed certificate, made by the real openssl.
            certificate = folder.appendingPathComponent("server.crt").path
            key = folder.appendingPathComponent("server.key").path
            let made = try await ProcessOutput.run("/usr/bin/openssl", [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                "-keyout", key!, "-out", certificate!,
            ], environment: ["PATH": "/usr/bin:/bin"], stdin: "", in: folder)
            guard made.status == 0 else { throw ServerConfigurationError("openssl failed: \(made.stderr)") }
        }
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("test.duckdb").path)
        let server = CoordinatorServer(coordinator: db, configuration: ServerConfiguration(
            host: "127.0.0.1", port: 0, unixSocketDirectory: folder.path, maxConnections: maxConnections, idleTimeout: idleTimeout, password: password,
            allowCleartextPassword: cleartext, tlsCertificatePath: certificate, tlsKeyPath: key))
        let addresses = try await server.start()
        return RunningServer(folder: folder, db: db, server: server, port: addresses.port!, socketPath: addresses.unixSocketPath!)
    }

    private init(folder: URL, db: DatabaseCoordinator, server: CoordinatorServer, port: Int, socketPath: String) {
        self.folder = folder
        self.db = db
        self.server = server
        self.port = port
        self.socketPath = socketPath
    }

    func stop() async {
        await server.stop()
        await db.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs psql against the server (TCP unless `socket`), with `arguments` after the connection options.
    func psql(_ arguments: [String], stdin: String = "", password: String? = nil, socket: Bool = false,
              sslMode: String = "prefer", started: @escaping @Sendable (Int32) -> Void = { _ in }) async throws -> ProcessOutput {
        var environment = ["PGCONNECT_TIMEOUT": "30", "PATH": "/usr/bin:/bin", "PGSSLMODE": sslMode]
        if let password { environment["PGPASSWORD"] = password }
        let host = socket ? folder.path : "127.0.0.1"
        // Through a tiny exec wrapper that unblocks signals: a child inherits the signal mask of
        // the spawning thread, on which the test runner blocks SIGINT (psql's Ctrl-C).
        let unblock = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])"
        return try await ProcessOutput.run("/usr/bin/env",
                                           ["python3", "-c", unblock, "/usr/bin/psql", "-X", "-h", host, "-p", String(port), "-U", "sharp", "-d", "main",
                                            "-v", "VERBOSITY=verbose", "-w"] + arguments,
                                           environment: environment, stdin: stdin, in: folder, started: started)
    }

    /// Runs a Python script (raw protocol bytes, for what psql cannot send) with the port as argv[1].
    func python(_ script: String) async throws -> ProcessOutput {
        let path = folder.appendingPathComponent("client-\(UUID().uuidString).py")
        try script.write(to: path, atomically: true, encoding: .utf8)
        return try await ProcessOutput.run("/usr/bin/env", ["python3", path.path, String(port)],
                                           environment: ProcessInfo.processInfo.environment, stdin: "", in: folder)
    }
}

/// What a finished child process wrote and how it exited.
struct ProcessOutput: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Runs `executable` to completion without blocking a thread (output goes through files,
    /// so a large output cannot stall the child); killed with SIGKILL after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String], stdin: String,
                    in folder: URL, timeout: Double = 900,
                    started: @escaping @Sendable (Int32) -> Void = { _ in }) async throws -> ProcessOutput {
        let id = UUID().uuidString
        let outURL = folder.appendingPathComponent("\(id).out"), errURL = folder.appendingPathComponent("\(id).err")
        let inURL = folder.appendingPathComponent("\(id).in")
        try Data(stdin.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        // The kill scheduled for an overrun, and whether the child already ended (then none is).
        let overrun = Mutex<(ended: Bool, kill: DispatchWorkItem?)>((false, nil))
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { ended in
                overrun.withLock { $0.ended = true; $0.kill?.cancel() }
                continuation.resume(returning: ended.terminationStatus)
            }
            do {
                try process.run()
                started(process.processIdentifier)
                // A child still running after `timeout` is killed: a test never hangs on it.
                let pid = process.processIdentifier
                let kill = DispatchWorkItem { _ = Glibc.kill(pid, SIGKILL) }
                let schedule = overrun.withLock { state in
                    if !state.ended { state.kill = kill }
                    return !state.ended
                }
                if schedule { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: kill) }
            } catch { continuation.resume(throwing: error) }
        }
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return ProcessOutput(status: status, stdout: out, stderr: err)
    }
}

/// A minimal protocol-v3 client in Python for the raw-bytes tests: `connect()` logs in
/// (trust), `query(sock, sql)` returns (rows, error code).
let pythonClient = #"""
import socket, struct, sys
PORT = int(sys.argv[1])
socket.setdefaulttimeout(120)  # a server that stops answering fails the test instead of hanging it

def connect():
    s = socket.create_connection(("127.0.0.1", PORT))
    body = struct.pack("!i", 196608) + b"user\0sharp\0database\0main\0\0"
    s.sendall(struct.pack("!i", len(body) + 4) + body)
    msgs = read_until(s, b"Z")
    return s, msgs

def read_message(s):
    head = recv_exact(s, 5)
    if head is None: return None
    t, n = head[:1], struct.unpack("!i", head[1:])[0]
    return t, recv_exact(s, n - 4)

def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk: return None
        data += chunk
    return data

def read_until(s, kind):
    msgs = []
    while True:
        m = read_message(s)
        if m is None: return msgs
        msgs.append(m)
        if m[0] == kind: return msgs

def error_code(msgs):
    for t, body in msgs:
        if t == b"E":
            for field in body.split(b"\0"):
                if field[:1] == b"C": return field[1:].decode()
    return None

def query(s, sql):
    q = sql.encode() + b"\0"
    s.sendall(b"Q" + struct.pack("!i", len(q) + 4) + q)
    msgs = read_until(s, b"Z")
    rows = [b for t, b in msgs if t == b"D"]
    return rows, error_code(msgs)

def closed(s):
    s.settimeout(30)
    while True:
        try:
            if not s.recv(65536): return True
        except ConnectionResetError:
            return True
"""#

extension RunningServer {
    /// A server whose test configuration (loopback on a free port, the Unix socket in the
    /// folder) `configure` changes first: users, MD5, timeouts, ….
    static func start(configure: (inout ServerConfiguration) -> Void) async throws -> RunningServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let db = try DatabaseCoordinator(path: folder.appendingPathComponent("test.duckdb").path)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, unixSocketDirectory: folder.path, maxConnections: 16)
        configure(&configuration)
        let server = CoordinatorServer(coordinator: db, configuration: configuration)
        let addresses: CoordinatorServer.Addresses
        do { addresses = try await server.start() } catch {
            await db.shutdown()
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return RunningServer(folder: folder, db: db, server: server, port: addresses.port!, socketPath: addresses.unixSocketPath!)
    }
}
