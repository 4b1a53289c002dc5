import Foundation

/// What one collection run is about: the slate day it collects and the moment it captures.
///
/// Replays use the capture folder's time; live runs use the time the run started, so every
/// payload of a run shares one snapshot time (and one recording folder).
///
/// ```swift
/// let capture = CaptureContext(slateDate: SlateDate("2025-06-17")!, capturedAt: Date())
/// capture.folderName   // "2025-06-17T22-55-00Z"
/// ```
public struct CaptureContext: Sendable, Hashable {
    /// The slate day: the schedule asked for, and the day of fallback game keys.
    public var slateDate: SlateDate
    /// The capture time stored as `captured_at` (and as `snapshot_at` when the source has none).
    public var capturedAt: Date

    /// Creates a context.
    public init(slateDate: SlateDate, capturedAt: Date) {
        self.slateDate = slateDate
        self.capturedAt = capturedAt
    }

    /// The replay folder name of this capture.
    public var folderName: String { ReplayCapture.folderName(for: capturedAt) }

    /// The slate day a moment belongs to in the US (America/New_York), e.g. a 02:10 UTC first
    /// pitch on 18 June belongs to 17 June.
    public static func slateDate(at date: Date) -> SlateDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/New_York") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return SlateDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? SlateDate(year: 1970, month: 1, day: 1)!
    }
}
