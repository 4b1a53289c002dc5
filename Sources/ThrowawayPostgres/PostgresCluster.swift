import Foundation

/// A throwaway PostgreSQL cluster for the tests and benchmarks that need a real PostgreSQL
/// (`sharp bench … --peer postgres`, the pipeline on PostgreSQL, `sharp db copy`): Debian's
/// `postgresql` binaries, `initdb` into a temporary folder (as the `postgres` user when run as
/// root, since initdb refuses root), trust auth, listening on 127.0.0.1 at a free port and on a
/// Unix socket in that folder. ``stop()`` stops it and removes the folder.
///
/// ```swift
/// let cluster = try await PostgresCluster.started()
/// try await cluster.createDatabase("copy_test")
/// let url = cluster.url(database: "copy_test")   // postgres://postgres@127.0.0.1:PORT/copy_test
/// // … sharp --db-url url …, or psql: try await cluster.psql("SELECT 1", database: "copy_test")
/// await cluster.stopped()
/// ```
///
/// Contract: `start()` and `stop()` block (initdb, pg_ctl); from async code use ``started()``
/// and ``stopped()``, which wait on a thread of their own, never on the cooperative pool (as
/// ``createDatabase(_:)`` and ``psql(_:database:)`` do). When
/// no server binaries are installed and the process runs as root with apt-get, `start()`
/// installs Debian's `postgresql` package once (saying so on stderr); otherwise it throws
/// ``PostgresClusterError/notInstalled``.
public struct PostgresCluster: Sendable {
    /// The temporary folder: `data/` (the cluster), `log`, and the Unix socket.
    public let folder: URL
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The superuser (`postgres` when run as root, else the current user).
    public let user: String
    /// The folder of the server binaries (`/usr/lib/postgresql/N/bin`).
    public let bin: String
    private let runAs: String?

    /// Makes and starts a cluster (blocks: initdb and pg_ctl).
    public static func start() throws -> PostgresCluster {
        var versions = installedVersions()
        if versions.isEmpty, getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/apt-get") {
            // Debian's server package, installed once (idempotent; said on stderr).
            FileHandle.standardError.write(Data("[postgres] installing Debian's postgresql package (apt-get)\n".utf8))
            _ = try? run("/usr/bin/apt-get", ["update", "-qq"])
            _ = try run("/usr/bin/apt-get", ["install", "-y", "-qq", "postgresql"])
            versions = installedVersions()
        }
        guard let version = versions.last else { throw PostgresClusterError.notInstalled }
        let bin = "/usr/lib/postgresql/\(version)/bin"
        let runAs: String? = getuid() == 0 ? "postgres" : nil
        // Short: the socket path (folder/.s.PGSQL.PORT) must fit in 107 bytes.
        let folder = URL(fileURLWithPath: NSTemporaryDirectory())
            .appendingPathComponent("sharp-pg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        do {
            if let runAs { try run("/bin/chown", [runAs, folder.path]) }
            let user = runAs ?? NSUserName()
            let data = folder.appendingPathComponent("data").path
            try run(bin + "/initdb", ["-D", data, "-A", "trust", "-U", user, "--no-sync", "-E", "UTF8"], as: runAs)
            let port = try freePort()
            try run(bin + "/pg_ctl", ["-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-o",
                                      "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c max_connections=200",
                                      "start"], as: runAs)
            return PostgresCluster(folder: folder, port: port, user: user, bin: bin, runAs: runAs)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
    }

    /// ``start()`` on a thread of its own.
    public static func started() async throws -> PostgresCluster {
        try await offPool { try start() }
    }

    /// Stops the cluster (fast shutdown) and removes its folder (blocks).
    public func stop() {
        _ = try? Self.run(bin + "/pg_ctl", ["-D", folder.appendingPathComponent("data").path, "-m", "fast", "-w", "stop"], as: runAs)
        try? FileManager.default.removeItem(at: folder)
    }

    /// ``stop()`` on a thread of its own.
    public func stopped() async {
        _ = try? await Self.offPool { stop() }
    }

    /// `postgres://USER@127.0.0.1:PORT/DATABASE`: what `--db-url` takes.
    public func url(database: String = "postgres") -> String {
        "postgres://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Creates an empty database `name` (createdb, waited for on a thread of its own).
    public func createDatabase(_ name: String) async throws {
        let (bin, port, user) = (bin, port, user)
        _ = try await Self.offPool { try Self.run(bin + "/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, name]) }
    }

    /// Runs `sql` with psql on `database` (unaligned, tuples only, `|` between columns,
    /// stopping at the first error) and returns its standard output, waited for on a thread of
    /// its own.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") async throws -> String {
        let (bin, port, user) = (bin, port, user)
        return try await Self.offPool {
            try Self.run(bin + "/psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", user, "-d", database, "-X", "-q", "-A", "-t",
                                         "-v", "ON_ERROR_STOP=1", "-c", sql])
        }
    }

    private static func installedVersions() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    /// Runs a program to its end and returns its output, written into a file (not a pipe: the
    /// postmaster pg_ctl starts inherits it and keeps it open); waits with waitpid (Foundation's
    /// Process does not see pg_ctl exit while its child lives on).
    @discardableResult
    private static func run(_ executable: String, _ arguments: [String], as user: String? = nil) throws -> String {
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
            throw PostgresClusterError.failed(command: argv[0], output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { throw PostgresClusterError.failed(command: argv.joined(separator: " "), output: text) }
        return text
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
        guard bound else { throw PostgresClusterError.failed(command: "bind 127.0.0.1:0", output: "no free TCP port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why a ``PostgresCluster`` could not start.
public enum PostgresClusterError: Error, CustomStringConvertible {
    /// No `/usr/lib/postgresql/N/bin/initdb`.
    case notInstalled
    /// A program exited with a failure; its output.
    case failed(command: String, output: String)

    public var description: String {
        switch self {
        case .notInstalled:
            "a real PostgreSQL needs Debian's postgresql package (initdb, pg_ctl): apt-get install postgresql, or run make test, which installs it"
        case .failed(let command, let output): "\(command) failed: \(output)"
        }
    }
}
