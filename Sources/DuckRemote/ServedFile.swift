import CoordinatorServer
import DuckCoordinator
import Foundation

/// A database file this process owns, served while it runs: the wire-protocol server in front
/// of its coordinator, the Unix socket beside the file, and the owner record (`FILE.owner`)
/// that lets other sharp processes find it. `sharp serve` and the commands that serve their
/// file while they run share it.
///
/// ```swift
/// let served = try await ServedFile.start(coordinator: db, path: "data/mlb_betting.duckdb")
/// // … other processes reach the file through served.addresses.unixSocketPath …
/// await served.stop()   // record removed, server stopped; the coordinator stays open
/// ```
///
/// Contract: ``stop()`` removes the record first (so nobody new is sent here), then stops the
/// server (running statements finish); shutting the coordinator down stays the caller's job.
public final class ServedFile: Sendable {
    public let path: String
    public let server: CoordinatorServer
    public let addresses: CoordinatorServer.Addresses
    public let record: OwnerRecord

    private init(path: String, server: CoordinatorServer, addresses: CoordinatorServer.Addresses, record: OwnerRecord) {
        self.path = path
        self.server = server
        self.addresses = addresses
        self.record = record
    }

    /// The absolute folder of `path`, where its Unix socket lives (psql reads `-h` as a socket
    /// folder only when it starts with `/`).
    public static func socketDirectory(for path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
    }

    /// The port number that names the socket of a file served without TCP: stable for the
    /// file, so two files in one folder get different sockets.
    public static func socketPort(for path: String) -> Int {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var hash: UInt32 = 2_166_136_261
        for byte in absolute.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return 40_000 + Int(hash % 20_000)
    }

    /// The configuration of a file served on its Unix socket only.
    public static func unixSocketOnly(for path: String) -> ServerConfiguration {
        // The owner's own commands may read files through DuckDB while it serves (sharp db sql),
        // and only its own user reaches the socket: the sessions' statements are checked, DuckDB's
        // global guard (which could never be turned back on) stays off.
        ServerConfiguration(host: nil, port: socketPort(for: path), unixSocketDirectory: socketDirectory(for: path), maxConnections: 512,
                            disablesExternalAccess: false)
    }

    /// Starts serving `coordinator`'s file and writes the owner record.
    /// - Throws: ``ServerConfigurationError`` when the address is taken or the settings unusable.
    public static func start(coordinator: DatabaseCoordinator, path: String,
                             configuration: ServerConfiguration? = nil) async throws -> ServedFile {
        let server = CoordinatorServer(coordinator: coordinator, configuration: configuration ?? unixSocketOnly(for: path))
        let addresses = try await server.start()
        let record = OwnerRecord(pid: getpid(), host: addresses.host, port: addresses.port, socket: addresses.unixSocketPath,
                                 started: ISO8601DateFormatter().string(from: Date()))
        do {
            try record.write(for: path)
        } catch {
            await server.stop()
            throw error
        }
        return ServedFile(path: path, server: server, addresses: addresses, record: record)
    }

    /// Removes the owner record, then stops the server.
    public func stop() async {
        OwnerRecord.remove(for: path)
        await server.stop()
    }
}
