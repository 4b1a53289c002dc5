import Foundation

/// Serves one capture of a simulated slate as if fetched live: the collector parses the
/// simulator's payloads exactly as it parses the sites'.
///
/// ```swift
/// let slate = SlateSimulator(seed: 7).slate(day: 0)
/// for index in slate.captureTimes.indices {
///     let capture = CaptureContext(slateDate: slate.date, capturedAt: slate.captureTimes[index])
///     _ = try await collector.collect(capture, using: SimulatedFetcher(slate: slate, captureIndex: index))
/// }
/// ```
public struct SimulatedFetcher: PayloadFetcher {
    /// The slate.
    public let slate: SimulatedSlate
    /// The capture served.
    public let captureIndex: Int

    /// A fetcher serving capture `captureIndex` of `slate`.
    public init(slate: SimulatedSlate, captureIndex: Int) {
        self.slate = slate
        self.captureIndex = captureIndex
    }

    public func fetch(_ file: RecordedFile, for capture: CaptureContext) async throws -> Data {
        slate.payload(file, at: captureIndex)
    }
}
