import Foundation

/// The record a serving process writes beside the database file (`FILE.owner`): who owns the
/// file and where to reach it, so other sharp processes can find the owner. Removed on a
/// clean stop; a record whose process is gone is stale and ignored.
struct OwnerRecord: Codable, Equatable {
    var pid: Int32
    var host: String?
    var port: Int?
    var socket: String?
    var started: String

    static func path(for database: String) -> String { database + ".owner" }

    /// The live owner recorded for `database`, or nil (none, unreadable, or its process is gone).
    static func live(for database: String) -> OwnerRecord? {
        guard let data = FileManager.default.contents(atPath: path(for: database)),
              let record = try? JSONDecoder().decode(OwnerRecord.self, from: data) else { return nil }
        guard record.pid != getpid(), kill(record.pid, 0) == 0 || errno == EPERM else { return nil }
        return record
    }

    func write(for database: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(for: database)), options: .atomic)
    }

    static func remove(for database: String) {
        try? FileManager.default.removeItem(atPath: path(for: database))
    }

    var reachableAt: String {
        [host.flatMap { h in port.map { "\(h):\($0)" } }, socket].compactMap { $0 }.joined(separator: " and ")
    }
}
