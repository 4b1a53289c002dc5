import Foundation

/// One capture of a recorded day: a folder named for its UTC time, e.g. `2025-06-17T22-55-00Z/`.
///
/// ```swift
/// let capture = ReplayCapture(directory: URL(filePath: "recorded/2025-06-17/2025-06-17T16-00-00Z"))
/// capture?.capturedAt   // 2025-06-17 16:00:00 +0000
/// ```
public struct ReplayCapture: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The folder's name, e.g. `2025-06-17T16-00-00Z`.
    public let name: String
    /// The capture time the name encodes.
    public let capturedAt: Date
    /// The folder.
    public let directory: URL

    /// A capture for `directory`, or nil when its name is not `YYYY-MM-DDTHH-MM-SSZ`.
    public init?(directory: URL) {
        let name = directory.lastPathComponent
        guard let capturedAt = Self.time(fromFolderName: name) else { return nil }
        self.name = name
        self.capturedAt = capturedAt
        self.directory = directory
    }

    /// Parses `2025-06-17T16-00-00Z` as 16:00:00 UTC on 17 June 2025.
    public static func time(fromFolderName name: String) -> Date? {
        let parts = name.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2, let day = SlateDate(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let clock = parts[1].dropLast().split(separator: "-", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return UTCTimestamp.parse("\(day)T\(clock.joined(separator: ":"))Z")
    }

    /// The folder name for a capture time: `2025-06-17T16-00-00Z`.
    public static func folderName(for date: Date) -> String {
        UTCTimestamp.format(date).replacingOccurrences(of: ":", with: "-")
    }

    public var description: String { name }

    public static func < (lhs: ReplayCapture, rhs: ReplayCapture) -> Bool {
        (lhs.capturedAt, lhs.name) < (rhs.capturedAt, rhs.name)
    }
}
