import Foundation

/// Serves, for each capture time asked, the latest of several captures taken at or before it:
/// a recorded day or a simulated slate played back on a clock (the scheduler's 22:35 run of
/// the recorded day reads the 22:30 capture).
///
/// ```swift
/// let fetcher = try TimelineFetcher(replay: Replay(root: URL(filePath: "recorded/2025-06-17")))
/// let capture = CaptureContext(slateDate: day, capturedAt: runTime)
/// let vsin = try await fetcher.fetch(.vsin(.dk), for: capture)   // from the latest capture ≤ runTime
/// ```
public struct TimelineFetcher: PayloadFetcher {
    /// A capture time and the fetcher serving it.
    public struct Entry: Sendable {
        /// When the capture was taken.
        public var capturedAt: Date
        /// Its payloads.
        public var fetcher: any PayloadFetcher

        /// Creates an entry.
        public init(capturedAt: Date, fetcher: any PayloadFetcher) {
            self.capturedAt = capturedAt
            self.fetcher = fetcher
        }
    }

    /// No capture was taken at or before the time asked.
    public struct NoCaptureYet: Error, CustomStringConvertible {
        /// The time asked.
        public var time: Date
        /// Why.
        public var description: String { "no capture at or before \(ReplayCapture.folderName(for: time))" }
    }

    /// The captures, in time order.
    public let entries: [Entry]

    /// A timeline of `entries`.
    public init(entries: [Entry]) { self.entries = entries.sorted { $0.capturedAt < $1.capturedAt } }

    /// The captures of a recorded day.
    public init(replay: Replay) throws {
        self.init(entries: try replay.captures().map {
            Entry(capturedAt: $0.capturedAt, fetcher: ReplayFetcher(replay: replay, capture: $0))
        })
    }

    /// The captures of a simulated slate.
    public init(slate: SimulatedSlate) {
        self.init(entries: slate.captureTimes.indices.map {
            Entry(capturedAt: slate.captureTimes[$0], fetcher: SimulatedFetcher(slate: slate, captureIndex: $0))
        })
    }

    /// The latest capture at or before `time`.
    public func entry(at time: Date) -> Entry? { entries.last { $0.capturedAt <= time } }

    /// `file` from the latest capture at or before `capture.capturedAt`.
    public func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        guard let entry = entry(at: capture.capturedAt) else { throw NoCaptureYet(time: capture.capturedAt) }
        return try await entry.fetcher.fetch(file, for: capture)
    }
}
