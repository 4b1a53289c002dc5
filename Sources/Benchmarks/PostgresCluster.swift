import Foundation

/// A throwaway PostgreSQL cluster for `sharp bench server --peer postgres` and the tests that need a real PostgreSQL: Debian's
/// `postgresql` binaries, `initdb` into a temporary folder (as the `postgres` user when run as
/// root, since initdb refuses root), trust auth, listening on 127.0.0.1 at a free port.
///
/// ```swift
/// let cluster = try PostgresCluster.start()
/// // … RemoteEndpoint(address: .tcp(host: "127.0.0.1", port: cluster.port), user: cluster.user, database: "postgres") …
/// cluster.stop()
/// ```
public struct PostgresCluster: Sendable {
    public let folder: URL
    public let port: Int
    public let user: String
    public let bin: String
    private let runAs: String?

    public static func start() throws -> PostgresCluster {
        var versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        if versions.isEmpty, getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") {
            // Debian's server package, installed once (idempotent; the bench says so on stderr).
            FileHandle.standardError.write(Data("[bench] installing Debian's postgresql package (apt-get)\n".utf8))
            try? run("/usr/bin/apt-get", ["update", "-qq"])
            try run("/usr/bin/apt-get", ["install", "-y", "-qq", "postgresql"])
            versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        }
        guard let version = versions.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }).last else {
            throw BenchmarkError.invalidOption("--peer postgres needs Debian's postgresql package: apt-get install postgresql")
        }
        let bin = "/usr/lib/postgresql/\(version)/bin"
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("sharp-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let runAs { try run("/bin/chown", [runAs, folder.path]) }
        let user = runAs ?? NSUserName()
        let data = folder.appendingPathComponent("data").path
        try run(bin + "/initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8"], as: runAs)
        let port = try freePort()
        try run(bin + "/pg_ctl", ["-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-o",
                                  "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c max_connections=200", "start"], as: runAs)
        return PostgresCluster(folder: folder, port: port, user: user, bin: bin, runAs: runAs)
    }

    /// ``start()`` on a thread of its own (initdb and pg_ctl are waited for there, never on
    /// the cooperative pool).
    public static func started() async throws -> PostgresCluster {
        try await offPool { try start() }
    }

    /// ``stop()`` on a thread of its own.
    public func stopped() async {
        _ = try? await Self.offPool { stop() }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    public func stop() {
        try? Self.run(bin + "/pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs a program to its end, output into a file (not a pipe: the postmaster pg_ctl starts
    /// inherits it and keeps it open) and waits with waitpid (Foundation's Process does not see
    /// pg_ctl exit while its child lives on).
    private static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws {
        let argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]) + arguments
        let log = NSTemporaryDirectory() + "sharp-pg-output-\(UUID().uuidString)"
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else {
            throw BenchmarkError.invalidOption("cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw BenchmarkError.invalidOption("\(argv.joined(separator: " ")) failed: \(text)")
        }
    }

    /// A TCP port nobody listens on now (bound to 0, read back, released).
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchmarkError.invalidOption("no free TCP port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
