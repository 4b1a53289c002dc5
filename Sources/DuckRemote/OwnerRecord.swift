import Foundation

/// The record a serving process writes beside the database file (`FILE.owner`): who owns the
/// file and where to reach it, so other sharp processes can find the owner. Removed on a
/// clean stop; a record whose process is gone is stale and ignored.
///
/// ```swift
/// if let owner = OwnerRecord.live(for: "data/mlb_betting.duckdb"), let socket = owner.socket {
///     let db = try await RemoteCoordinator.connect(to: .unixSocket(socket))
/// }
/// ```
public struct OwnerRecord: Codable, Equatable, Sendable {
    public var pid: Int32
    public var host: String?
    public var port: Int?
    public var socket: String?
    public var started: String

    public init(pid: Int32, host: String?, port: Int?, socket: String?, started: String) {
        self.pid = pid
        self.host = host
        self.port = port
        self.socket = socket
        self.started = started
    }

    public static func path(for database: String) -> String { database + ".owner" }

    /// The live owner recorded for `database`, or nil (none, unreadable, or its process is gone).
    public static func live(for database: String) -> OwnerRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: database)),
              let record = try? JSONDecoder().decode(OwnerRecord.self, from: data) else { return nil }
        guard record.pid != getpid(), kill(record.pid, 0) == 0 || errno == EPERM else { return nil }
        return record
    }

    /// Writes the record (atomically: readers see the old one or the new one).
    public func write(for database: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(for: database)), options: .atomic)
    }

    /// Removes the record of `database` when it is this process's own (another owner's stays).
    public static func remove(for database: String) {
        guard let data = FileManager.default.contents(atPath: path(for: database)),
              let record = try? JSONDecoder().decode(OwnerRecord.self, from: data), record.pid != getpid() else {
            try? FileManager.default.removeItem(atPath: path(for: database))
            return
        }
    }

    /// `host:port and socket`, for messages.
    public var reachableAt: String {
        [host.flatMap { h in port.map { "\(h):\($0)" } }, socket].compactMap { $0 }.joined(separator: " and ")
    }
}
