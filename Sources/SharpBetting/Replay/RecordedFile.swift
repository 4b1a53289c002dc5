/// One payload file of a recorded capture.
///
/// ```swift
/// RecordedFile.vsin(.dk).fileName        // "vsin-dk.html"
/// RecordedFile.pinnacleMarkets.fileName  // "pinnacle-markets.json"
/// ```
public enum RecordedFile: Sendable, Hashable {
    /// `sbd.json`: the SBD betting-splits feed.
    case sbd
    /// `vsin-<book>.html`: VSIN's page for one book.
    case vsin(Book)
    /// `pinnacle-matchups.json`: Pinnacle's matchups list.
    case pinnacleMatchups
    /// `pinnacle-markets.json`: Pinnacle's straight markets.
    case pinnacleMarkets
    /// `schedule.json`: the MLB schedule (in the capture folder, or once for the whole day).
    case schedule

    /// The file's name inside a capture folder.
    public var fileName: String {
        switch self {
        case .sbd: "sbd.json"
        case .vsin(let book): "vsin-\(book.rawValue).html"
        case .pinnacleMatchups: "pinnacle-matchups.json"
        case .pinnacleMarkets: "pinnacle-markets.json"
        case .schedule: "schedule.json"
        }
    }
}
