import Foundation

/// Serves one capture folder of a recorded day (the layout of `recorded/`), as if fetched live.
///
/// ```swift
/// let replay = Replay(root: URL(filePath: "recorded/2025-06-17"))
/// for capture in try replay.captures() {
///     let fetcher = ReplayFetcher(replay: replay, capture: capture)
///     let report = try await collector.collect(
///         CaptureContext(slateDate: day, capturedAt: capture.capturedAt), using: fetcher)
/// }
/// ```
public struct ReplayFetcher: PayloadFetcher {
    /// The recorded day.
    public let replay: Replay
    /// The capture served.
    public let capture: ReplayCapture

    /// A fetcher serving `capture` of `replay`.
    public init(replay: Replay, capture: ReplayCapture) {
        self.replay = replay
        self.capture = capture
    }

    /// The file's bytes; throws ``ReplayError`` naming the missing path.
    public func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        try replay.payload(file, at: self.capture)
    }
}
