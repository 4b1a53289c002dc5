/// Why a recorded payload could not be read.
///
/// ```swift
/// // replay capture 2025-06-17T16-00-00Z: no vsin-fanduel.html at /…/2025-06-17T16-00-00Z/vsin-fanduel.html
/// ```
public enum ReplayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The recorded day's folder does not exist or cannot be listed.
    case rootNotFound(path: String)
    /// The capture has no such payload file.
    case missingFile(capture: String, file: String, path: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The source/book pair has no single payload file (Pinnacle has two; SBD has no books).
    case noSingleFile(source: SourceName, book: Book?)

    public var description: String {
        switch self {
        case .rootNotFound(let path):
            "replay: no recorded day at \(path)"
        case let .missingFile(capture, file, path):
            "replay capture \(capture): no \(file) at \(path)"
        case let .unreadable(path, reason):
            "replay: cannot read \(path): \(reason)"
        case let .noSingleFile(source, book):
            "replay: \(source.rawValue)\(book.map { " (\($0))" } ?? "") has no single payload file"
                + (source == .pinnacle ? "; read pinnacleMatchups and pinnacleMarkets" : "")
        }
    }
}
